"""The errors a user can cause or fix (bad input, missing files, no network), and the one way the
command-line entry points report them: one line on stderr, exit code 2, never a traceback."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable


def user_errors() -> tuple[type[BaseException], ...]:
    """Every exception class whose message is meant for the user."""
    from policyqa.answer.llm import LLMError
    from policyqa.config import ConfigError
    from policyqa.corpus_fetch import FetchError
    from policyqa.embeddings.base import EmbeddingError, EmbeddingModelError
    from policyqa.indexing.distributed import ClusterError
    from policyqa.indexing.manifest import IndexFileError
    from policyqa.languages import UnsupportedLanguageError
    from policyqa.pipeline import QuestionError
    from policyqa.provisions import ProvisionError
    from policyqa.readers.base import CorpusError, ReadError
    from policyqa.stores.base import StoreError
    return (ConfigError, CorpusError, ReadError, IndexFileError, QuestionError, UnsupportedLanguageError,
            EmbeddingError, EmbeddingModelError, LLMError, FetchError, ProvisionError, StoreError,
            ClusterError)


def run_main(prog: str, func: Callable[[], int], extra: tuple[type[BaseException], ...] = (),
             interrupted: int = 130) -> int:
    """Run an entry point; user errors become `prog: error: message` and exit code 2."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        return func()
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return interrupted
    except BrokenPipeError:               # the reader went away (`policyqa ask … | head`): stop quietly
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        except (OSError, ValueError):
            pass
        return 1
    except user_errors() + extra as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        return 2
