"""A poll's share link as a QR code, drawn by segno as an SVG image: a phone's camera opens
the poll from another phone's screen or from a printout."""

import io

import segno


def qr_svg(url: str) -> bytes:
    """The QR code of `url` as an SVG file, dark on a white quiet zone (a transparent one
    would vanish on a dark page), 5 px a module, its `<title>` naming the link."""
    svg = io.BytesIO()
    segno.make(url, micro=False).save(svg, kind="svg", scale=5, light="#fff", title=url)
    return svg.getvalue()
