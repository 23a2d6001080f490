"""The QR code of a variant payload, drawn by ``segno`` (a full QR, not a Micro QR, which common
decoders cannot read; error correction at least M)."""

from __future__ import annotations


def qr_svg(payload: str, scale: int = 4, border: int = 4) -> str:
    """An SVG document of the QR code for ``payload`` (black modules, no background)."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make_qr(payload, error="m").save(
        buffer, kind="svg", scale=scale, border=border, xmldecl=False, svgns=True
    )
    return buffer.getvalue().decode("utf-8")


def qr_png(payload: str, path: str, scale: int = 8, border: int = 4) -> None:
    """A PNG file of the QR code for ``payload`` (for tests and the LaTeX output)."""
    import segno

    segno.make_qr(payload, error="m").save(path, kind="png", scale=scale, border=border)
