"""The Gradio app: a chat with cited source cards, filters, language versions, uploads, votes.

    service = Service(settings, background=True)
    demo = build_app(service)
    demo.launch(**launch_options())
    service.start()                  # model and index in the background; the page shows the progress

Everything shown in the chat and on the cards is HTML built by `policyqa.ui.render` (escaped); the
chatbot renders no markdown and sanitises what it shows as a second line of defence. The interface
speaks the browser's language (`policyqa.ui.i18n`, a selector changes it); answers follow the
question's language. A finished answer is shown at once. The HTTP API `/ask` returns the
`ask --json` structure.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from policyqa.answer.messages import SEE_ALSO, message as message_in, not_found
from policyqa.languages import UnsupportedLanguageError
from policyqa.pipeline import QuestionError, check_question
from policyqa.ui import render
from policyqa.ui.feedback import FeedbackError
from policyqa.ui.i18n import DEFAULT, choices as language_choices, duration, number, pick_language, text
from policyqa.ui.service import NotReadyError, Service, Status
from policyqa.ui.staff import RefuseFilePosts, discard_temp_upload
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
ASK_ERRORS = (QuestionError, UnsupportedLanguageError, NotReadyError)
POLL_SECONDS = 1.0

# the live character count under the question box (folded white space, as the limit counts it)
COUNT_JS = """(question) => {
    const el = document.querySelector('#pq-count .pq-count');
    if (!el) return [];
    const n = (question || '').split(/\\s+/).filter(Boolean).join(' ').length;
    const limit = Number(el.dataset.limit);
    el.textContent = el.dataset.template.replace('{n}', n).replace('{limit}', limit);
    el.classList.toggle('pq-over', n > limit);
    return [];
}"""
# <html lang> from the interface-language selector: a gr.State never reaches the browser (Gradio keeps its
# value on the server and sends null), so a js step reading `lang` would set lang="null"
HTML_LANG_JS = "(lang) => { document.documentElement.lang = lang; return []; }"


def _cited(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The citations whose [n] marker appears in the answer (none for an abstention)."""
    if result.get("abstained"):
        return []
    return [c for c in result.get("citations", []) if f"[{c['n']}]" in result.get("answer", "")]


def _preview(question: str, limit: int = 400) -> str:
    q = " ".join(str(question).split())
    return q if len(q) <= limit else q[:limit] + " …"


def status_html(status: Status, lang: str) -> str:
    """The start-up / rebuild banner: what is happening, the build's counts, rate and time left."""
    if status.stage == "failed":
        key = "status_update_failed" if status.ready else "status_failed"
        return render.status_html(text(lang, key, error=status.error or ""), ok=False)
    if not status.busy:
        return ""
    p = status.progress
    if status.stage == "embedding" and p is not None:
        line = text(lang, "status_embedding", files_done=p.files_done, files_total=p.files_total,
                    texts_done=p.texts_done, texts_total=p.texts_total)
        if p.rate:
            line += " · " + text(lang, "status_rate", rate=number(lang, p.rate), left=duration(lang, p.seconds_left))
        done, total = p.texts_done, p.texts_total
    else:
        line, done, total = text(lang, f"status_{status.stage}"), None, None
    note = text(lang, "status_updating" if status.ready else "status_wait")
    return render.progress_html(line, note, done, total)


def count_html(lang: str, limit: int) -> str:
    return render.count_html(text(lang, "char_count"), limit)


def build_app(service: Service) -> gr.Blocks:
    """The gr.Blocks of the app, bound to `service`."""
    limit = service.settings.max_question_chars

    def respond(message: str, chat: list, turns: list, shown_now: dict, docs: list[str] | None,
                langs: list[str] | None, lang: str):
        chat, turns = list(chat or []), list(turns or [])
        try:
            check_question(message, limit)
        except QuestionError:
            n = len(" ".join((message or "").split()))
            hint = text(lang, "too_long", n=n, limit=limit) if n else text(lang, "empty_question")
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), render.hint_html(hint, error=bool(n))
            return
        if not service.ready:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), render.hint_html(text(lang, "not_ready"))
            return
        asked = chat + [{"role": "user", "content": render.question_html(_preview(message))},
                        {"role": "assistant", "content": render.answer_html("", pending=True)}]
        yield "", asked, turns, {"cites": [], "abstained": False, "pending": True}, "", ""
        history = [t["question"] for t in turns if t]
        try:
            result = service.ask(message, history=history, docs=docs, langs=langs)
        except ASK_ERRORS as e:            # the question stays in the box, the chat as it was
            yield (message, chat, turns, shown_now, gr.skip(),
                   render.hint_html(text(lang, "refused", error=str(e)), error=True))
            return
        cited = _cited(result)
        asked[-1] = {"role": "assistant", "content": render.answer_html(
            result["answer"], see_also=result.get("see_also"),
            see_also_word=message_in(SEE_ALSO, result["language"]))}
        turn = {"question": result["question"], "language": result["language"], "answer": result["answer"],
                "citations": cited}
        yield "", asked, turns + [turn], {"cites": cited, "abstained": result["abstained"]}, gr.skip(), ""

    def vote(data: gr.LikeData, turns: list, comment: str, lang: str):
        idx = data.index if isinstance(data.index, int) else data.index[0]
        turn = turns[idx // 2] if 0 <= idx // 2 < len(turns) else None
        if turn is None or data.liked not in (True, False):
            return gr.skip(), gr.skip()
        try:
            service.vote(turn, "up" if data.liked else "down", comment or "")
        except FeedbackError as e:
            return render.status_html(text(lang, "vote_failed", error=str(e)), ok=False), gr.skip()
        return render.status_html(text(lang, "vote_saved")), ""

    def upload(file: dict | None, token: str | None, lang: str, progress=gr.Progress()):
        """Add a document to the corpus (staff token required; checked by `Service.upload`). `file` is the
        posted file's FileData as Gradio received it: the event runs with `preprocess=False`, because
        gr.File's own preprocessing leaves an empty temporary file in Gradio's folder for every upload."""
        path = (file or {}).get("path")
        if not path:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        try:
            if not service.ready or service.status().busy:
                return render.status_html(text(lang, "upload_not_ready"), ok=False), gr.skip(), gr.skip(), None
            progress(0.1, desc=text(lang, "upload_busy"))
            r = service.upload(path, file.get("orig_name") or Path(path).name, token)
        except UploadError as e:
            return render.status_html(text(lang, "upload_failed", error=str(e)), ok=False), gr.skip(), gr.skip(), None
        finally:
            discard_temp_upload(path, demo.GRADIO_CACHE)      # Gradio's temporary copy, added or not
        done = text(lang, "upload_done", path=r.path, title=r.title, lang=r.lang, chunks=r.chunks,
                    seconds=number(lang, r.seconds))
        return (render.status_html(done), gr.update(choices=service.family_choices(lang)),
                gr.update(choices=service.language_choices()), None)

    def api_ask(question: str, docs: list[str] | None = None, langs: list[str] | None = None,
                lang: str | None = None, context: str | None = None) -> dict:
        """Answer a question; returns the `policyqa ask --json` structure."""
        try:
            return service.ask(question, docs=docs or None, langs=langs or None, lang=lang or None,
                               context=context or None)
        except ASK_ERRORS as e:
            raise gr.Error(str(e), print_exception=False) from None

    def poll(lang: str, seen: int | None):
        """Each second while the index is built or updated: the banner, the Ask button, the filters."""
        st = service.status()
        qa = service.qa
        key = id(qa) if qa is not None else None
        fresh = key != seen
        return (status_html(st, lang), gr.update(interactive=st.ready),
                gr.update(choices=service.family_choices(lang)) if fresh else gr.skip(),
                gr.update(choices=service.language_choices()) if fresh else gr.skip(),
                key, gr.Timer(active=st.busy))

    t = partial(text, DEFAULT)
    # delete_cache: files posted to Gradio's upload route but never handed to `upload` go after an hour
    with gr.Blocks(title="policyqa", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        lang = gr.State(DEFAULT)
        turns = gr.State([])
        shown = gr.State({"cites": [], "abstained": False})
        seen = gr.State(id(service.qa) if service.qa is not None else None)
        with gr.Row(elem_id="pq-top", equal_height=False):
            title = gr.Markdown(f"# {t('title')}", elem_id="pq-title")
            selector = gr.Dropdown(language_choices(), value=DEFAULT, label=t("ui_language"), elem_id="pq-ui-lang",
                                   scale=0, min_width=190, interactive=True)
        intro = gr.Markdown(t("intro"), elem_id="pq-intro")
        banner = gr.HTML(status_html(service.status(), DEFAULT), elem_id="pq-status")
        timer = gr.Timer(POLL_SECONDS, active=True)
        with gr.Tabs():
            with gr.Tab(t("tab_ask"), id="ask") as tab_ask:
                with gr.Accordion(t("filters"), open=False, elem_id="pq-filters") as filters:
                    with gr.Row():
                        docs = gr.Dropdown(service.family_choices(), value=[], multiselect=True,
                                           label=t("docs_label"), elem_id="pq-docs", info=t("docs_info"))
                        langs = gr.Dropdown(service.language_choices(), value=[], multiselect=True,
                                            label=t("langs_label"), elem_id="pq-langs", info=t("langs_info"))
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=300):
                        chat = gr.Chatbot(label=t("chat_label"), show_label=False, elem_id="pq-chat",
                                          height=None, min_height="clamp(260px, calc(100vh - 460px), 640px)",
                                          max_height=None, autoscroll=False,
                                          render_markdown=False, sanitize_html=True, line_breaks=False,
                                          allow_tags=False, feedback_options=("Like", "Dislike"),
                                          buttons=["copy", "copy_all"], placeholder=t("chat_placeholder"))
                        with gr.Row(equal_height=True):
                            box = gr.Textbox(show_label=False, placeholder=t("question_placeholder"),
                                             elem_id="pq-question", scale=5, min_width=160, lines=1, max_lines=6)
                            ask_btn = gr.Button(t("ask"), variant="primary", elem_id="pq-ask", scale=1, min_width=100,
                                                interactive=service.ready)
                        with gr.Row(elem_id="pq-under"):
                            hint = gr.HTML(elem_id="pq-hint")
                            counter = gr.HTML(count_html(DEFAULT, limit), elem_id="pq-count")
                        with gr.Row(equal_height=True):
                            comment = gr.Textbox(show_label=False, elem_id="pq-comment", scale=5, min_width=160,
                                                 placeholder=t("comment_placeholder"))
                            clear_btn = gr.Button(t("new_chat"), elem_id="pq-clear", scale=1, min_width=100)
                        vote_status = gr.HTML(elem_id="pq-vote-status")
                    with gr.Column(scale=2, min_width=300, elem_id="pq-sources"):
                        @gr.render(inputs=[shown, lang])
                        def cards(state: dict, ui: str):
                            cites = state.get("cites") or []
                            if not cites:
                                note = (f"{text(ui, 'sources_none')} {not_found(ui)}" if state.get("abstained")
                                        else text(ui, "sources_pending") if state.get("pending")
                                        else text(ui, "sources_empty"))
                                gr.HTML(f'<p class="pq-empty">{render.esc(note)}</p>')
                                return
                            gr.HTML(f"<h3>{render.esc(text(ui, 'sources_header', n=len(cites)))}</h3>")
                            for c in cites:
                                with gr.Group(elem_classes="pq-card-group"):
                                    gr.HTML(render.card_html(c, ui))
                                    count = service.version_count(c["doc"], c["unit"])
                                    btn = gr.Button(text(ui, "other_languages", n=count), size="sm",
                                                    elem_classes="pq-versions-btn")
                                    btn.click(partial(_versions, service, c, ui), None, versions_panel,
                                              api_visibility="private", scroll_to_output=True)
                versions_panel = gr.HTML(elem_id="pq-versions-panel", js_on_load=render.VERSIONS_JS)
                examples = gr.Examples(EXAMPLES, inputs=box, label=t("examples"))
            tab_upload = upload_intro = staff_token = upload_file = None
            if service.uploads_enabled:              # only when the operator set $POLICYQA_STAFF_TOKEN
                with gr.Tab(t("tab_upload"), id="upload") as tab_upload:
                    upload_intro = gr.Markdown(_upload_intro(DEFAULT))
                    staff_token = gr.Textbox(label=t("staff_token"), type="password", elem_id="pq-staff-token")
                    upload_file = gr.File(label=t("upload_label"), file_types=list(ALLOWED_SUFFIXES),
                                          type="filepath", elem_id="pq-upload")
                    upload_status = gr.HTML(elem_id="pq-upload-status")

        def localize(code: str):
            """The interface in language `code`: every fixed string of the page."""
            code = code if code in dict((c, n) for n, c in language_choices()) else DEFAULT
            w = partial(text, code)
            return (code, gr.update(value=code, label=w("ui_language")), f"# {w('title')}", w("intro"),
                    gr.Tab(label=w("tab_ask")), gr.Accordion(label=w("filters")),
                    gr.update(label=w("docs_label"), info=w("docs_info"), choices=service.family_choices(code)),
                    gr.update(label=w("langs_label"), info=w("langs_info")),
                    gr.update(label=w("chat_label"), placeholder=w("chat_placeholder")),
                    gr.update(placeholder=w("question_placeholder")), gr.update(value=w("ask"), interactive=service.ready),
                    count_html(code, limit), gr.update(placeholder=w("comment_placeholder")),
                    gr.update(value=w("new_chat")), gr.update(label=w("examples")), status_html(service.status(), code),
                    *((gr.Tab(label=w("tab_upload")), _upload_intro(code), gr.update(label=w("staff_token")),
                       gr.update(label=w("upload_label"))) if service.uploads_enabled else ()))

        localized = [lang, selector, title, intro, tab_ask, filters, docs, langs, chat, box, ask_btn, counter,
                     comment, clear_btn, examples.dataset, banner]
        if service.uploads_enabled:
            localized += [tab_upload, upload_intro, staff_token, upload_file]

        def on_load(request: gr.Request):
            return localize(pick_language(request.headers.get("accept-language") if request else None))

        demo.load(on_load, None, localized, api_visibility="private").then(
            None, selector, None, js=HTML_LANG_JS)
        selector.input(localize, selector, localized, api_visibility="private").then(
            None, selector, None, js=HTML_LANG_JS)
        timer.tick(poll, [lang, seen], [banner, ask_btn, docs, langs, seen, timer], api_visibility="private",
                   show_progress="hidden")

        reset = ([], [], {"cites": [], "abstained": False}, "", "", "")
        ask_inputs = [box, chat, turns, shown, docs, langs, lang]
        ask_outputs = [box, chat, turns, shown, versions_panel, hint]
        for trigger in (box.submit, ask_btn.click):
            trigger(respond, ask_inputs, ask_outputs, api_visibility="private", concurrency_id="ask")
        box.change(None, box, None, js=COUNT_JS)
        clear_targets = [chat, turns, shown, vote_status, versions_panel, hint]
        clear_btn.click(lambda: reset, None, clear_targets, api_visibility="private")
        chat.clear(lambda: reset, None, clear_targets, api_visibility="private")
        chat.like(vote, [turns, comment, lang], [vote_status, comment], api_visibility="private")
        if service.uploads_enabled:
            upload_file.upload(upload, [upload_file, staff_token, lang], [upload_status, docs, langs, upload_file],
                               api_name="upload", concurrency_limit=1, concurrency_id="upload", preprocess=False)
        gr.api(api_ask, api_name="ask", concurrency_id="ask")
    return demo


def _upload_intro(lang: str) -> str:
    types = ", ".join(s.lstrip(".").upper() for s in ALLOWED_SUFFIXES)
    return render.esc(text(lang, "upload_intro", types=types, mb=MAX_BYTES // (1024 * 1024)))


def _versions(service: Service, cite: dict[str, Any], lang: str = DEFAULT) -> str:
    """The "Other languages" panel of a cited provision."""
    versions = service.versions(cite["doc"], cite["unit"], cite.get("label"))
    return render.versions_panel_html(cite, versions, lang)


def launch_options(uploads: bool = False) -> dict[str, Any]:
    """Options for `demo.launch` that the app needs (offline theme, CSS, upload limit); without `uploads`
    (no staff token) the server refuses every file post."""
    theme = gr.themes.Default(font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
                              font_mono=["ui-monospace", "Menlo", "Consolas", "monospace"])
    return {"theme": theme, "css": render.CSS, "max_file_size": MAX_BYTES, "ssr_mode": False,
            "footer_links": ["api"], "show_error": True,
            **({} if uploads else {"app_kwargs": {"middleware": [Middleware(RefuseFilePosts)]}})}
