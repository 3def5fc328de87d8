"""The ceiling: a bare Flask app with one JSON endpoint, served by the very same gunicorn
settings as the real app, so a scenario's ratio to it says how close the app comes to the
fastest any Flask app can answer on this machine."""

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/ceiling")
def ceiling():
    return jsonify(status="ok")
