"""The QR code of an exam variant's payload, drawn by ``segno`` (a full QR code, never Micro QR,
which common decoders cannot read), as SVG for Typst and as filled runs for TikZ."""

from __future__ import annotations

import io
from functools import lru_cache

#: Light modules around the symbol; the page's margin adds to it.
BORDER = 2


@lru_cache(maxsize=64)
def _symbol(payload: str):  # -> segno.QRCode
    import segno

    return segno.make_qr(payload, error="m")


@lru_cache(maxsize=64)
def qr_svg(payload: str) -> str:
    """The QR code of ``payload`` as a standalone SVG (one path, black on white)."""
    out = io.BytesIO()
    _symbol(payload).save(out, kind="svg", border=BORDER, xmldecl=False, svgns=True, light="#fff")
    return out.getvalue().decode("ascii")


@lru_cache(maxsize=64)
def qr_runs(payload: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The symbol's size in modules (border included) and its dark runs ``(row, start, length)``,
    row 0 at the top: one rectangle per run draws it."""
    rows = list(_symbol(payload).matrix_iter(border=BORDER))
    runs = []
    for r, row in enumerate(rows):
        start = None
        for c, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = c
            elif not dark and start is not None:
                runs.append((r, start, c - start))
                start = None
    return len(rows), tuple(runs)


def qr_png(payload: str, path: str, scale: int = 8) -> None:
    """A PNG file of the QR code for ``payload`` (for decoding it in tests)."""
    _symbol(payload).save(path, kind="png", scale=scale, border=BORDER + 2)
