"""The web app (Gradio): `python app.py`, or `build_app(Service(settings))` to embed it."""
