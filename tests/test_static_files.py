"""Static files as a browser gets them: URLs that change with the content, cached for a year,
compressed as the browser accepts; the poll page light; the deploy command leaving $HOME alone."""

import gzip
import hashlib
import os
import re
import subprocess
import time
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import brotli
import pytest
from flask import Flask, url_for

from om_core.plumbing.static_files import register_static_files
from tests.conftest import ROOT
from tests.live_server import call, production_env, stop
from tests.test_cli import free_port

try:
    from compression import zstd  # Python 3.14
except ImportError:
    from backports import zstd

APP_STATIC = ROOT / "om_core" / "static"
WEB_STATIC = ROOT / "om_core" / "web" / "static"
PICO = "vendor/pico-2.1.1.min.css"
ONE_YEAR = "max-age=31536000"
CHROMIUM_ACCEPTS = "gzip, deflate, br, zstd"  # Debian's chromium, to http://127.0.0.1 too
PAGE_BUDGET = 30 * 1024  # issue 18: the poll page with its CSS and JS, compressed
DECODE = {
    "gzip": gzip.decompress,
    "deflate": zlib.decompress,
    "br": brotli.decompress,
    "zstd": zstd.decompress,
}


class Subresources(HTMLParser):
    """The URLs a browser loads with a page: stylesheets, scripts, icons and images."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "link" and {"stylesheet", "icon"} & set(attrs.get("rel", "").split()):
            self.urls.append(attrs["href"])


def content_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def fetch(client, url: str, headers: dict | None = None):
    """A GET whose answer is read and closed, as a server closes it (static files are files)."""
    return client.get(url, headers=headers or {}, buffered=True)


def pico_url(client) -> str:
    """The stylesheet URL the pages link (from the page, as a browser finds it)."""
    urls = Subresources(client.get("/register").get_data(as_text=True)).urls
    return next(url for url in urls if PICO in url)


@pytest.mark.parametrize("path", ["/register", "/api/docs"])
def test_pages_link_static_files_by_their_content_hash(client, path):
    urls = Subresources(client.get(path).get_data(as_text=True)).urls
    static = [urlsplit(url) for url in urls if url.startswith("/static/")]
    assert len(static) >= 2  # the icon and a stylesheet or a script
    for url in static:
        folder, name = (
            (WEB_STATIC, url.path.removeprefix("/static/web/"))
            if url.path.startswith("/static/web/")
            else (APP_STATIC, url.path.removeprefix("/static/"))
        )
        assert parse_qs(url.query)["v"] == [content_hash(folder / name)], url


def test_a_hashed_url_is_cached_for_a_year_and_a_plain_or_stale_one_is_revalidated(client):
    url = pico_url(client)
    hashed = fetch(client, url)
    assert hashed.status_code == 200
    cache = hashed.headers["Cache-Control"]
    assert "public" in cache and ONE_YEAR in cache and "immutable" in cache
    assert "no-cache" not in cache
    plain = urlsplit(url).path
    for other in (plain, plain + "?v=0123456789ab"):
        response = fetch(client, other)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-cache", other


def small_app(root: Path) -> Flask:
    app = Flask(__name__, root_path=str(root), static_folder="static")
    register_static_files(app)
    return app


def test_a_files_url_changes_when_its_content_changes(tmp_path):
    (tmp_path / "static").mkdir()
    style = tmp_path / "static" / "site.css"
    style.write_text("body { color: black; }")
    before = small_app(tmp_path)
    style.write_text("body { color: navy; }")
    after = small_app(tmp_path)
    urls = []
    for app in (before, after):
        with app.test_request_context():
            urls.append(url_for("static", filename="site.css"))
    assert urls[0] != urls[1]
    assert fetch(after.test_client(), urls[1]).get_data() == style.read_bytes()


@pytest.mark.parametrize("encoding", ["zstd", "br", "gzip", "deflate"])
def test_static_files_come_compressed_as_the_browser_accepts(client, encoding):
    url = pico_url(client)
    response = fetch(client, url, headers={"Accept-Encoding": encoding})
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    body = response.get_data()
    original = (WEB_STATIC / PICO).read_bytes()
    assert len(body) < len(original) / 4
    assert DECODE[encoding](body) == original


@pytest.mark.parametrize("accepts", [None, "identity", "compress"])
def test_a_browser_accepting_no_known_encoding_gets_the_file_as_it_is(client, accepts):
    headers = {"Accept-Encoding": accepts} if accepts else {}
    response = fetch(client, pico_url(client), headers=headers)
    assert "Content-Encoding" not in response.headers
    assert response.get_data() == (WEB_STATIC / PICO).read_bytes()


def test_chromium_gets_zstd_and_a_revisit_with_its_etag_is_a_304(client):
    url = pico_url(client)
    first = fetch(client, url, headers={"Accept-Encoding": CHROMIUM_ACCEPTS})
    assert first.headers["Content-Encoding"] == "zstd"
    again = fetch(
        client,
        url,
        headers={"Accept-Encoding": CHROMIUM_ACCEPTS, "If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304
    assert again.get_data() == b""


def test_a_byte_range_is_of_the_file_as_it_is(client):
    response = fetch(
        client,
        pico_url(client),
        headers={"Accept-Encoding": CHROMIUM_ACCEPTS, "Range": "bytes=0-9999"},
    )
    assert response.status_code == 206
    assert "Content-Encoding" not in response.headers
    assert response.get_data() == (WEB_STATIC / PICO).read_bytes()[:10000]


def test_pages_and_the_api_are_not_compressed(client):
    """Compressing every dynamic answer would cost CPU per request (make bench's page)."""
    for path in ("/register", "/api/openapi.json"):
        response = client.get(path, headers={"Accept-Encoding": CHROMIUM_ACCEPTS})
        assert response.status_code == 200
        assert "Content-Encoding" not in response.headers, path


def test_static_files_keep_the_security_headers_and_get_no_cors_headers(client):
    response = fetch(client, pico_url(client), headers={"Origin": "https://elsewhere.example"})
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Access-Control-Allow-Origin" not in response.headers


def test_in_debug_mode_urls_stay_plain_so_an_edited_file_shows_at_once(app_factory):
    client = app_factory(DEBUG=True).test_client()
    url = pico_url(client)
    assert "?" not in url
    assert fetch(client, url).headers["Cache-Control"] == "no-cache"


def test_the_poll_page_with_its_css_and_js_weighs_at_most_30_kb_compressed(client, auth):
    """What chromium transfers for /p/<id>: the bodies of the page and of each subresource
    it loads, as answered to chromium's Accept-Encoding (headers add ~0.8 KB an answer)."""
    account = auth.signup()
    poll = client.post(
        "/api/polls",
        json={"question": "Which colour?", "choices": ["Red", "Green", "Blue"]},
        headers=account.headers,
    )
    assert poll.status_code == 201, poll.json
    accepts = {"Accept-Encoding": CHROMIUM_ACCEPTS}
    page = client.get(f"/p/{poll.json['id']}", headers=accepts)
    assert page.status_code == 200
    urls = Subresources(page.get_data(as_text=True)).urls
    paths = [urlsplit(url).path for url in urls]
    assert f"/static/web/{PICO}" in paths and any(path.endswith(".js") for path in paths)
    sizes = {f"/p/{poll.json['id']}": len(page.get_data())}
    for url in urls:
        response = fetch(client, url, headers=accepts)
        assert response.status_code == 200, url
        sizes[url] = len(response.get_data())
    assert sum(sizes.values()) <= PAGE_BUDGET, sizes


def documented_commands(port: int) -> list[str]:
    """The commands of README's Deploy section, in order; gunicorn's on 127.0.0.1:`port`."""
    readme = (ROOT / "README.md").read_text()
    deploy = readme.split("## Deploy", 1)[1].split("\n## ", 1)[0]
    commands = [line for line in deploy.splitlines() if line.startswith(".venv/bin/")]
    assert commands[-1].startswith(".venv/bin/gunicorn "), commands
    bind = re.search(r"-b (\S+)", commands[-1]).group(0)
    return [*commands[:-1], commands[-1].replace(bind, f"-b 127.0.0.1:{port}")]


def test_the_documented_production_commands_write_nothing_to_home(tmp_path):
    """gunicorn 27 makes $HOME/.gunicorn/gunicorn.ctl unless told not to (when there is no
    XDG_RUNTIME_DIR, as on a server); README's deploy commands must leave $HOME untouched."""
    home = tmp_path / "home"
    home.mkdir()
    env = production_env(f"sqlite:///{tmp_path / 'prod.db'}", HOME=str(home))
    env.pop("XDG_RUNTIME_DIR", None)
    port = free_port()
    *steps, serve = documented_commands(port)
    for step in steps:  # check --deploy, db upgrade
        done = subprocess.run(
            ["bash", "-c", step], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stdout + done.stderr
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            ["bash", "-c", f"exec {serve}"], cwd=ROOT, env=env, stdout=log, stderr=log
        )
    try:
        health = call(port, "GET", "/api/health", timeout=2)
        deadline = time.monotonic() + 30
        while health.status != 200 and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
            health = call(port, "GET", "/api/health", timeout=2)
        assert health.status == 200, log_path.read_text()
        page = call(port, "GET", "/register")
        assert page.status == 200
        for url in Subresources(page.text).urls:
            assert call(port, "GET", url).status == 200, url
        assert os.listdir(home) == []
    finally:
        stop(server, grace=30)
    assert os.listdir(home) == []
