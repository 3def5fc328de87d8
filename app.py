"""The WSGI app, for `gunicorn app:app`; `python app.py` serves it on the config's PORT."""

from om_core import create_app

app = create_app()

if __name__ == "__main__":
    app.run(port=app.config["PORT"])
