"""policyqa.errors.run_main: how an entry point ends on user errors, interrupts and a closed pipe."""
from __future__ import annotations

import subprocess
import sys

from policyqa.errors import run_main
from policyqa.pipeline import QuestionError


def test_user_error_is_one_line_and_exit_2(capsys):
    def boom() -> int:
        raise QuestionError("the question is empty")
    assert run_main("policyqa", boom) == 2
    assert capsys.readouterr().err == "policyqa: error: the question is empty\n"


def test_closed_pipe_ends_quietly():
    # the reader of our output went away (`policyqa ask … | head -1`): no traceback, exit 1
    code = ("import sys\n"
            "from policyqa.errors import run_main\n"
            "def write():\n"
            "    for _ in range(100000):\n"
            "        print('x' * 100)\n"
            "    return 0\n"
            "sys.exit(run_main('policyqa', write))\n")
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.readline()
    p.stdout.close()                      # like `head -1`
    err = p.stderr.read().decode()
    assert p.wait(timeout=60) == 1
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
