"""The Gradio app: a chat with cited source cards, filters, language versions, uploads, votes.

    demo = build_app(Service(settings))
    demo.launch(**launch_options())

Everything shown in the chat and on the cards is HTML built by `policyqa.ui.render` (escaped); the
chatbot renders no markdown and sanitises what it shows as a second line of defence. The HTTP API
`/ask` returns the `ask --json` structure.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from policyqa.answer.messages import SEE_ALSO, message as message_in
from policyqa.languages import UnsupportedLanguageError
from policyqa.pipeline import QuestionError
from policyqa.ui import render
from policyqa.ui.feedback import FeedbackError
from policyqa.ui.service import Service
from policyqa.ui.staff import RefuseFilePosts, discard_temp_upload, without_temp_leak
from policyqa.ui.upload import ALLOWED_SUFFIXES, MAX_BYTES, UploadError

EXAMPLES = [
    "Mag mijn werkgever AI gebruiken om mijn emoties te lezen?",
    "Welche KI-Praktiken sind nach der KI-Verordnung verboten?",
    "Quelles sont les obligations de transparence pour les chatbots ?",
    "What are the fines for breaching the AI Act?",
    "¿Qué derechos tengo sobre mis datos personales según el RGPD?",
    "Jakie obowiązki mają bardzo duże platformy internetowe?",
    "Cos'è un sistema di IA ad alto rischio?",
]
STREAM_WORDS = 4          # words added per streamed update
STREAM_PAUSE = 0.02       # seconds between updates
ASK_ERRORS = (QuestionError, UnsupportedLanguageError)

INTRO = """# policyqa — EU law, answered with sources
Ask about the EU's digital rules (AI Act, GDPR, Data Act, DSA, DMA, NIS 2 …) in your own language.
Every answer quotes the law and marks its sources [1], [2] …; the sources are listed beside the answer.
The answers quote the texts; they are not legal advice."""


def _cited(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The citations whose [n] marker appears in the answer (none for an abstention)."""
    if result.get("abstained"):
        return []
    return [c for c in result.get("citations", []) if f"[{c['n']}]" in result.get("answer", "")]


def _preview(question: str, limit: int = 400) -> str:
    q = " ".join(str(question).split())
    return q if len(q) <= limit else q[:limit] + " …"


def _stream_steps(text: str) -> Iterator[str]:
    """Growing prefixes of `text`, a few words at a time (whitespace kept)."""
    words = text.split(" ")
    for i in range(STREAM_WORDS, len(words), STREAM_WORDS):
        yield " ".join(words[:i])


def build_app(service: Service) -> gr.Blocks:
    """The gr.Blocks of the app, bound to `service`."""

    def respond(message: str, chat: list, turns: list, docs: list[str] | None, langs: list[str] | None):
        message = (message or "").strip()
        chat, turns = list(chat or []), list(turns or [])
        if not message:
            yield gr.skip(), chat, turns, gr.skip(), gr.skip()
            return
        chat.append({"role": "user", "content": render.question_html(_preview(message))})
        chat.append({"role": "assistant", "content": render.answer_html("", pending=True)})
        yield "", chat, turns, {"cites": [], "abstained": False, "pending": True}, ""
        history = [t["question"] for t in turns if t]
        try:
            result = service.ask(message, history=history, docs=docs, langs=langs)
        except ASK_ERRORS as e:
            chat[-1] = {"role": "assistant", "content": render.notice_html(str(e))}
            yield "", chat, turns + [None], {"cites": [], "abstained": False}, gr.skip()
            return
        for partial_text in _stream_steps(result["answer"]):
            chat[-1] = {"role": "assistant", "content": render.answer_html(partial_text, pending=True)}
            yield "", chat, turns, gr.skip(), gr.skip()
            time.sleep(STREAM_PAUSE)
        cited = _cited(result)
        chat[-1] = {"role": "assistant", "content": render.answer_html(
            result["answer"], see_also=result.get("see_also"),
            see_also_word=message_in(SEE_ALSO, result["language"]))}
        turn = {"question": result["question"], "language": result["language"], "answer": result["answer"],
                "citations": cited}
        yield "", chat, turns + [turn], {"cites": cited, "abstained": result["abstained"]}, gr.skip()

    def vote(data: gr.LikeData, turns: list, comment: str):
        idx = data.index if isinstance(data.index, int) else data.index[0]
        turn = turns[idx // 2] if 0 <= idx // 2 < len(turns) else None
        if turn is None or data.liked not in (True, False):
            return gr.skip(), gr.skip()
        try:
            service.vote(turn, "up" if data.liked else "down", comment or "")
        except FeedbackError as e:
            return render.status_html(str(e), ok=False), gr.skip()
        return render.status_html("Thank you — your feedback was saved."), ""

    def upload(path: str | None, token: str | None, progress=gr.Progress()):
        """Add a document to the corpus (staff token required; checked by `Service.upload`)."""
        if not path:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        progress(0.1, desc="Reading and indexing …")
        try:
            result = service.upload(path, Path(path).name, token)
        except UploadError as e:
            return render.status_html(f"Not added: {e}", ok=False), gr.skip(), gr.skip(), None
        finally:
            discard_temp_upload(path, demo.GRADIO_CACHE)      # Gradio's temporary copy, added or not
        return (render.status_html(result.summary()),
                gr.update(choices=service.family_choices()), gr.update(choices=service.language_choices()), None)

    def api_ask(question: str, docs: list[str] | None = None, langs: list[str] | None = None,
                lang: str | None = None, context: str | None = None) -> dict:
        """Answer a question; returns the `policyqa ask --json` structure."""
        try:
            return service.ask(question, docs=docs or None, langs=langs or None, lang=lang or None,
                               context=context or None)
        except ASK_ERRORS as e:
            raise gr.Error(str(e), print_exception=False) from None

    # delete_cache: files posted to Gradio's upload route but never handed to `upload` go after an hour
    with gr.Blocks(title="policyqa", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        turns = gr.State([])
        shown = gr.State({"cites": [], "abstained": False})
        gr.Markdown(INTRO)
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                with gr.Accordion("Filters", open=False, elem_id="pq-filters"):
                    with gr.Row():
                        docs = gr.Dropdown(service.family_choices(), value=[], multiselect=True,
                                           label="Documents", elem_id="pq-docs",
                                           info="Only these acts (none selected: all)")
                        langs = gr.Dropdown(service.language_choices(), value=[], multiselect=True,
                                            label="Languages of the sources", elem_id="pq-langs",
                                            info="Only passages in these languages (none selected: all)")
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=300):
                        chat = gr.Chatbot(label="Conversation", elem_id="pq-chat", height=460,
                                          render_markdown=False, sanitize_html=True, line_breaks=False,
                                          allow_tags=False, feedback_options=("Like", "Dislike"),
                                          buttons=["copy", "copy_all"],
                                          placeholder="Ask a question about EU digital law.")
                        with gr.Row(equal_height=True):
                            box = gr.Textbox(show_label=False, placeholder="Ask in any EU language …",
                                             elem_id="pq-question", scale=5, min_width=160, lines=1, max_lines=6)
                            ask_btn = gr.Button("Ask", variant="primary", elem_id="pq-ask", scale=1, min_width=70)
                        with gr.Row(equal_height=True):
                            comment = gr.Textbox(show_label=False, elem_id="pq-comment", scale=5, min_width=160,
                                                 placeholder="Comment (optional)")
                            clear_btn = gr.Button("New chat", elem_id="pq-clear", scale=1, min_width=70)
                        vote_status = gr.HTML(elem_id="pq-vote-status")
                    with gr.Column(scale=2, min_width=300, elem_id="pq-sources"):
                        @gr.render(inputs=shown)
                        def cards(state: dict):
                            cites = state.get("cites") or []
                            if not cites:
                                note = ("No sources: the documents do not answer this question."
                                        if state.get("abstained") else "Looking for sources …"
                                        if state.get("pending") else "The sources of an answer appear here.")
                                gr.HTML(f'<p class="pq-empty">{render.esc(note)}</p>')
                                return
                            gr.HTML(f"<h3>Sources ({len(cites)})</h3>")
                            for c in cites:
                                with gr.Group(elem_classes="pq-card-group"):
                                    gr.HTML(render.card_html(c))
                                    count = service.version_count(c["doc"], c["unit"])
                                    btn = gr.Button(f"Other languages ({count})", size="sm",
                                                    elem_classes="pq-versions-btn")
                                    btn.click(partial(_versions, service, c), None, versions_panel,
                                              api_visibility="private", scroll_to_output=True)
                versions_panel = gr.HTML(elem_id="pq-versions-panel", js_on_load=render.VERSIONS_JS)
                gr.Examples(EXAMPLES, inputs=box, label="Example questions")
            if service.uploads_enabled:              # only when the operator set $POLICYQA_STAFF_TOKEN
                with gr.Tab("Add documents", id="upload"):
                    gr.Markdown(
                        "Staff: add a document to the corpus and the index. Accepted: "
                        f"{', '.join(s.lstrip('.').upper() for s in ALLOWED_SUFFIXES)}, at most "
                        f"{MAX_BYTES // (1024 * 1024)} MB. Files are stored under `uploads/` in the corpus "
                        "folder and marked as uploaded on every answer that cites them.")
                    staff_token = gr.Textbox(label="Staff token", type="password", elem_id="pq-staff-token")
                    upload_file = without_temp_leak(gr.File(label="Document", file_types=list(ALLOWED_SUFFIXES),
                                                            type="filepath", elem_id="pq-upload"))
                    upload_status = gr.HTML(elem_id="pq-upload-status")

        reset = ([], [], {"cites": [], "abstained": False}, "", "")
        ask_inputs = [box, chat, turns, docs, langs]
        ask_outputs = [box, chat, turns, shown, versions_panel]
        for trigger in (box.submit, ask_btn.click):
            trigger(respond, ask_inputs, ask_outputs, api_visibility="private", concurrency_id="ask")
        clear_targets = [chat, turns, shown, vote_status, versions_panel]
        clear_btn.click(lambda: reset, None, clear_targets, api_visibility="private")
        chat.clear(lambda: reset, None, clear_targets, api_visibility="private")
        chat.like(vote, [turns, comment], [vote_status, comment], api_visibility="private")
        if service.uploads_enabled:
            upload_file.upload(upload, [upload_file, staff_token], [upload_status, docs, langs, upload_file],
                               api_name="upload", concurrency_limit=1, concurrency_id="upload")
        gr.api(api_ask, api_name="ask", concurrency_id="ask")
    return demo


def _versions(service: Service, cite: dict[str, Any]) -> str:
    """The "Other languages" panel of a cited provision."""
    versions = service.versions(cite["doc"], cite["unit"], cite.get("label"))
    return render.versions_panel_html(cite, versions)


def launch_options(uploads: bool = False) -> dict[str, Any]:
    """Options for `demo.launch` that the app needs (offline theme, CSS, upload limit); without `uploads`
    (no staff token) the server refuses every file post."""
    theme = gr.themes.Default(font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
                              font_mono=["ui-monospace", "Menlo", "Consolas", "monospace"])
    return {"theme": theme, "css": render.CSS, "max_file_size": MAX_BYTES, "ssr_mode": False,
            "footer_links": ["api"], "show_error": True,
            **({} if uploads else {"app_kwargs": {"middleware": [Middleware(RefuseFilePosts)]}})}
