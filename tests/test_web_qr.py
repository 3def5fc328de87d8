"""The share link's QR code: an SVG image of segno's code for the poll's own link, shown with
a text alternative wherever the share link is, never for the private admin link."""

import re

import segno

from tests.api.polls_helpers import create_poll
from tests.test_web_guest_polls import create_as_guest

QR_MODULES = re.compile(r'class="qrline" stroke="#000" d="([^"]+)"')


def modules(svg: str) -> str:
    """The dark modules of segno's SVG, as its path: the same for any scale or colours."""
    return QR_MODULES.search(svg).group(1)


def test_the_qr_code_is_segnos_code_for_the_share_link(client, auth):
    poll = create_poll(client, auth.signup())
    other = create_poll(client, auth.signup())
    response = client.get(f"/p/{poll['id']}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.cache_control.max_age > 0
    svg = response.get_data(as_text=True)
    share_url = f"http://localhost/p/{poll['id']}"
    assert modules(svg) == modules(segno.make(share_url, micro=False).svg_inline())
    assert modules(svg) != modules(segno.make(f"http://localhost/p/{other['id']}").svg_inline())
    assert f"<title>{share_url}</title>" in svg
    assert 'fill="#fff"' in svg  # a white quiet zone, readable on a dark page too


def test_the_poll_and_manage_pages_show_it_with_a_text_alternative(app, client, auth):
    browser = app.test_client()
    poll_id = create_as_guest(browser)
    image = f'<img src="/p/{poll_id}/qr.svg" alt="QR code for http://localhost/p/{poll_id}"'
    assert image in browser.get(f"/p/{poll_id}").get_data(as_text=True)
    manage = browser.get(f"/p/{poll_id}/manage").get_data(as_text=True)
    assert manage.count("qr.svg") == 1  # the share link's, not the admin link's
    assert image in manage


def test_no_qr_code_for_a_poll_that_is_not_there(client):
    assert client.get("/p/AAAAAAAAAAA/qr.svg").status_code == 404
