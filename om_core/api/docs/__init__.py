"""The interactive API docs' assets (Swagger UI), served by the app itself: no CDN needed."""

from flask import Blueprint
from swagger_ui_bundle import swagger_ui_path

bp = Blueprint("docs", __name__, static_folder=str(swagger_ui_path), static_url_path="/assets")
