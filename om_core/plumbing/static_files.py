"""The app's static files: compressed by Flask-Compress, cached for a year by content hash.

`url_for('web.static', filename=...)` adds `?v=<hash of the file>`, hashed once when the app
is made (never per request), so a file's URL changes with its content and the answer to that
URL can be kept for a year. Flask still serves the files, so the security headers, CORS and
the access log stay as they are. Pages and the API are not compressed: that would cost CPU
on every request, where a static file is fetched once per browser and version.
"""

import hashlib
from pathlib import Path

from flask import Flask, Response, request
from flask_compress import Compress

VERSION_ARG = "v"
HASH_LENGTH = 12  # hex digits of SHA-256, as Django's hashed names use 12
ONE_YEAR = 365 * 24 * 3600


def _own_static_folders(app: Flask) -> dict[str, Path]:
    """The static endpoints whose folder ships with the app ('static', 'web.static', ...)
    and those folders. Swagger UI's files, which its page links by plain URLs, stay as Flask
    serves them: its 1.5 MB bundle would cost 8-39 ms to compress at every revalidation."""
    folders = {"static": app.static_folder} if app.has_static_folder else {}
    for name, blueprint in app.blueprints.items():
        if blueprint.has_static_folder:
            folders[f"{name}.static"] = blueprint.static_folder
    root = Path(app.root_path)
    return {endpoint: Path(f) for endpoint, f in folders.items() if Path(f).is_relative_to(root)}


def _hashes(folder: Path) -> dict[str, str]:
    """Every file under `folder` (by its path as url_for's `filename`) and its content hash."""
    hashes = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as file:
                digest = hashlib.file_digest(file, "sha256").hexdigest()
            hashes[path.relative_to(folder).as_posix()] = digest[:HASH_LENGTH]
    return hashes


def register_static_files(app: Flask) -> None:
    """After the blueprints (their folders count too). In debug mode URLs stay plain and
    answers `no-cache`, as Flask's default, so that an edited file shows without a restart."""
    folders = _own_static_folders(app)
    app.config.setdefault("COMPRESS_REGISTER", False)  # static files only, by the hook below
    compress = Compress(app)
    versions = {} if app.debug else {endpoint: _hashes(f) for endpoint, f in folders.items()}

    def add_version(endpoint: str, values: dict) -> None:
        hashes = versions.get(endpoint)
        if hashes is not None and "filename" in values:
            version = hashes.get(values["filename"])
            if version is not None:
                values.setdefault(VERSION_ARG, version)

    def cache_and_compress(response: Response) -> Response:
        endpoint = request.endpoint
        if endpoint not in folders:
            return response
        version = versions.get(endpoint, {}).get(request.view_args["filename"])
        if version is not None and request.args.get(VERSION_ARG) == version:
            cache = response.cache_control
            cache.no_cache = None
            cache.public = True
            cache.max_age = ONE_YEAR
            cache.immutable = True
        if response.status_code == 206:  # a byte range is of the file as it is on disk
            return response
        # Read the file whole, closed with the response, for Flask-Compress to compress a
        # body: a file stream it compresses without gzip and leaves the file to the GC.
        response.direct_passthrough = False
        response.make_sequence()
        return compress.after_request(response)

    app.url_defaults(add_version)
    app.after_request(cache_and_compress)
