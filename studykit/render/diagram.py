"""Network diagrams from a spec dict: box-drawing text for terminals, SVG for HTML and PDF.

Only the structure is drawn (layer widths, activations, loss); the numbers are in the statement.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from rich.cells import cell_len

from .. import math as fm
from .views import colon, label

MAX_SHOWN = 5  # neurons shown per layer before eliding the middle with ⋮


def _layers(spec: dict[str, Any]) -> list[int]:
    return [int(n) for n in spec["network"]["layers"]]


def _activations(spec: dict[str, Any], lang: str = "en") -> list[str]:
    """Each layer's activation as the diagram labels it: its catalog name (``sigmoid``) in
    English, its symbol (``σ``, ``tanh``, ``ReLU``) in Chinese, where the English name is no term."""
    from ..catalog import ACTIVATIONS

    act = spec["network"].get("activation", "")
    depth = len(_layers(spec)) - 1
    names = act if isinstance(act, list) else [act] * depth
    out = [a["name"] if isinstance(a, dict) else str(a) for a in names]
    if lang == "zh":
        out = [ACTIVATIONS[n].symbol if n in ACTIVATIONS else n for n in out]
    return out


def _neuron_names(layer: int, width: int, last: bool, notation: str) -> list[str]:
    def name(i: int) -> str:
        if layer == 0:
            return fm.to_text(fm.Var("x", sub=str(i)), notation)
        if last:
            return fm.to_text(fm.Var("y", sub=str(i), hat=True), notation)
        return fm.to_text(fm.Var("a", sub=str(i), layer=layer), notation)

    if width <= MAX_SHOWN:
        return [name(i) for i in range(1, width + 1)]
    return [name(1), name(2), "⋮", name(width)]


def _caption(layer: int, depth: int, lang: str) -> str:
    if layer == 0:
        return label("input", lang)
    if layer == depth:
        return label("output", lang)
    return f"{label('hidden', lang)} {layer}" if lang == "en" else f"{label('hidden', lang)}{layer}"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_len(text))


def box_text(spec: dict[str, Any], notation: str = "textbook", lang: str = "en") -> str:
    """Each layer as a box of its neurons, joined by arrows labelled with the weight matrix."""
    layers = _layers(spec)
    depth = len(layers) - 1
    acts = _activations(spec, lang)
    shown = [_neuron_names(i, n, i == depth, notation) for i, n in enumerate(layers)]
    height = max(len(s) for s in shown)
    mid = 1 + (height + 1) // 2  # row of the arrows (0 = caption, 1 = box top)
    blocks: list[list[str]] = []
    for layer, names in enumerate(shown):
        head = f"{_caption(layer, depth, lang)} [{layers[layer]}]"
        foot = acts[layer - 1] if layer > 0 else ""
        inner = max(cell_len(t) for t in (head, foot and f" {foot}  ", *names)) + 1
        body = [f"│ {_pad(n, inner - 1)}│" for n in names]
        body += ["│" + " " * inner + "│"] * (height - len(names))
        block = [_pad(head, inner + 2), "┌" + "─" * inner + "┐", *body]
        block.append("└" + _footer(foot, inner) + "┘")
        if layer > 0:
            arrow = " ─" + fm.to_text(fm.Var("W", layer=layer), notation) + "─▶ "
            gap = " " * cell_len(arrow)
            blocks.append([arrow if r == mid else gap for r in range(len(block))])
        blocks.append(block)
    lines = ["".join(b[r] for b in blocks).rstrip() for r in range(height + 3)]
    loss = spec["network"].get("loss")
    if loss:
        lines.append(f"{label('loss', lang)}{colon(lang)}{loss}")
    return "\n".join(lines)


def _footer(foot: str, inner: int) -> str:
    if not foot:
        return "─" * inner
    text = f" {foot} "
    return "─" + text + "─" * (inner - 1 - cell_len(text))


# ----------------------------------------------------------------------------- SVG

_R = 16
_DX = 130
_DY = 46


def _svg_text(text: str) -> str:
    """A label as SVG text: the bracket notation's ``^[1]`` as a raised ``[1]``, not a caret."""
    return re.sub(
        r"\^\[([^\]]+)\]",
        r'<tspan baseline-shift="super" font-size="70%">[\1]</tspan>',
        escape(text),
    )


def svg(spec: dict[str, Any], notation: str = "textbook", lang: str = "en") -> str:
    """A standalone SVG: neurons as circles, full connections, captions and activations."""
    layers = _layers(spec)
    depth = len(layers) - 1
    acts = _activations(spec, lang)
    shown = [_neuron_names(i, n, i == depth, notation) for i, n in enumerate(layers)]
    tallest = max(len(s) for s in shown)
    width = 60 + _DX * depth + 60
    height = 50 + _DY * tallest + 40
    pos: list[list[tuple[float, float]]] = []
    for i, names in enumerate(shown):
        x = 60 + _DX * i
        top = 50 + (_DY * (tallest - len(names))) / 2 + _DY / 2
        pos.append([(x, top + _DY * k) for k in range(len(names))])
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="DejaVu Sans, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif" font-size="13">'
    ]
    for i in range(1, len(pos)):
        for (x1, y1), n1 in zip(pos[i - 1], shown[i - 1], strict=True):
            for (x2, y2), n2 in zip(pos[i], shown[i], strict=True):
                if "⋮" in (n1, n2):
                    continue
                out.append(
                    f'<line x1="{x1 + _R:.1f}" y1="{y1:.1f}" x2="{x2 - _R:.1f}" y2="{y2:.1f}" '
                    'stroke="#777" stroke-width="1"/>'
                )
        weight = _svg_text(fm.to_text(fm.Var("W", layer=i), notation))
        out.append(
            f'<text x="{60 + _DX * (i - 0.5):.1f}" y="{height - 12}" text-anchor="middle" '
            f'fill="#444">{weight}</text>'
        )
    for i, names in enumerate(shown):
        x = 60 + _DX * i
        caption = escape(f"{_caption(i, depth, lang)} [{layers[i]}]")
        out.append(f'<text x="{x}" y="22" text-anchor="middle" font-weight="bold">{caption}</text>')
        if i > 0:
            out.append(
                f'<text x="{x}" y="38" text-anchor="middle" fill="#444">{escape(acts[i - 1])}</text>'
            )
        for (cx, cy), name in zip(pos[i], names, strict=True):
            if name == "⋮":
                out.append(f'<text x="{cx}" y="{cy + 5:.1f}" text-anchor="middle">⋮</text>')
                continue
            out.append(
                f'<circle cx="{cx}" cy="{cy:.1f}" r="{_R}" fill="#fff" stroke="#222" '
                'stroke-width="1.4"/>'
            )
            out.append(
                f'<text x="{cx}" y="{cy + 4.5:.1f}" text-anchor="middle">{_svg_text(name)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out)
