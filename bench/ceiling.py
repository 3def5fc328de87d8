"""The ceiling: a bare Flask app with one JSON endpoint, the fastest a Flask app answers here."""

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/ceiling")
def ceiling():
    return jsonify(status="ok")
