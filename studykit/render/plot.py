"""Activation plots for printed sheets: ``f`` (and, in worked solutions, ``f′``) of catalog
activations, one panel per activation, with the problem's points ``z`` marked.

A problem that needs a plot carries ``problem.plot`` (plain JSON, like ``spec`` for network
diagrams)::

    {"activations": [{"name": "tanh", "params": {}}], "marks": [0.5], "show": "problem"}

``show`` is ``"problem"`` (the sheet shows ``f``, the solution ``f`` and ``f′``) or
``"solution"`` (only the worked solution has the plot: a picture would give the answer away).
The curves are sampled once from the catalog's ``fn``/``grad`` (:func:`curves`, which the quiz's
explorer uses too) and printed as SVG (HTML, Typst/PDF) or TikZ (LaTeX).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

import numpy as np

from .. import catalog
from ..i18n import Text
from ..math.latex import latex_text
from ..problems.model import Problem

X_RANGE = (-4.0, 4.0)
SAMPLES = 161
Y_LIMIT = 4.0  # clip the y axis to [−4, 4] (ReLU, ELU grow without bound)
PANEL_W, PANEL_H, PAD = 220, 150, 28  # SVG pixels per panel
F_COLOUR, DF_COLOUR = "#1f5fbf", "#d2691e"
DASHED = Text("(dashed)", "（虚线）")  # the f′ curve, in the TikZ legend


def curves(
    name: str, params: dict[str, float] | None = None, samples: int = SAMPLES
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``x``, ``f(x)`` and ``f′(x)`` on X_RANGE from the catalog (f′ = 0 where it has no grad)."""
    act = catalog.get_activation(name)
    p = {**act.defaults(), **(params or {})}
    x = np.linspace(*X_RANGE, samples).reshape(1, -1)
    y = act.fn(x, p)
    dy = act.grad(x, y, p) if act.grad is not None else np.zeros_like(x)
    return x[0], np.asarray(y, dtype=float)[0], np.asarray(dy, dtype=float)[0]


@dataclass(frozen=True)
class Panel:
    """One activation's curves in data coordinates, with the y range that fits them."""

    title: str
    f: tuple[tuple[float, float], ...]
    df: tuple[tuple[float, float], ...] | None
    marks: tuple[tuple[float, float], ...]  # (z, f(z))
    y_range: tuple[float, float]


def panels(plot: dict[str, Any], lang: str, derivative: bool) -> list[Panel]:
    """The panels of ``plot``: f (and f′ when ``derivative``) of each activation."""
    out = []
    for entry in plot["activations"]:
        act = catalog.get_activation(entry["name"])
        params = {**act.defaults(), **entry.get("params", {})}
        x, y, dy = curves(entry["name"], params)
        shown = [y, dy] if derivative else [y]
        lo = max(min(-1.0, *(float(v.min()) for v in shown)), -Y_LIMIT)
        hi = min(max(1.0, *(float(v.max()) for v in shown)), Y_LIMIT)
        zs = np.array([[float(z) for z in plot.get("marks", [])]])
        fzs = act.fn(zs, params)[0] if zs.size else []
        marks = [(float(z), float(fz)) for z, fz in zip(zs[0], fzs, strict=True)]
        out.append(
            Panel(
                title=act.title.get(lang),
                f=_points(x, y, lo, hi),
                df=_points(x, dy, lo, hi) if derivative else None,
                marks=tuple(marks),
                y_range=(lo, hi),
            )
        )
    return out


def _points(x: np.ndarray, y: np.ndarray, lo: float, hi: float) -> tuple[tuple[float, float], ...]:
    return tuple(
        (round(float(a), 4), round(float(min(max(b, lo), hi)), 4))
        for a, b in zip(x, y, strict=True)
    )


def statement_plot(problem: Problem) -> dict[str, Any] | None:
    """The plot to print with the statement (f only), if the problem shows one there."""
    plot = problem.plot
    return plot if plot and plot.get("show") == "problem" else None


def solution_plot(problem: Problem) -> dict[str, Any] | None:
    """The plot to print at the top of the worked solution (f and f′)."""
    return problem.plot or None


def _legend(derivative: bool) -> list[tuple[str, str, str]]:
    """Legend entries (text, colour, dash)."""
    out = [("f(z)", F_COLOUR, "")]
    if derivative:
        out.append(("f′(z)", DF_COLOUR, "5,3"))
    return out


# ----------------------------------------------------------------------------- SVG


def svg(plot: dict[str, Any], lang: str, derivative: bool) -> str:
    """A standalone SVG: the panels side by side (three to a row)."""
    ps = panels(plot, lang, derivative)
    per_row = min(len(ps), 3)
    rows = -(-len(ps) // per_row)
    width, height = per_row * (PANEL_W + PAD) + PAD, rows * (PANEL_H + 2 * PAD) + PAD
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="DejaVu Sans, Noto Sans CJK SC, '
        f'WenQuanYi Micro Hei, sans-serif" font-size="13">'
    ]
    for i, panel in enumerate(ps):
        left = PAD + (i % per_row) * (PANEL_W + PAD)
        top = PAD + (i // per_row) * (PANEL_H + 2 * PAD)
        out += _svg_panel(panel, left, top, derivative)
    out.append("</svg>")
    return "\n".join(out)


def _svg_panel(panel: Panel, left: float, top: float, derivative: bool) -> list[str]:
    lo, hi = panel.y_range
    x0, x1 = X_RANGE

    def sx(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * PANEL_W

    def sy(y: float) -> float:
        return top + (hi - y) / (hi - lo) * PANEL_H

    out = [
        f'<text x="{left + PANEL_W / 2:.1f}" y="{top - 10:.1f}" text-anchor="middle" '
        f'font-weight="bold">{escape(panel.title)}</text>',
        f'<rect x="{left}" y="{top}" width="{PANEL_W}" height="{PANEL_H}" fill="none" '
        'stroke="#bbb"/>',
        f'<line x1="{left}" y1="{sy(0):.1f}" x2="{left + PANEL_W}" y2="{sy(0):.1f}" stroke="#888"/>',
        f'<line x1="{sx(0):.1f}" y1="{top}" x2="{sx(0):.1f}" y2="{top + PANEL_H}" stroke="#888"/>',
    ]
    for tick in range(int(x0), int(x1) + 1):
        if tick:
            out.append(
                f'<text x="{sx(tick):.1f}" y="{top + PANEL_H + 12:.1f}" text-anchor="middle" '
                f'fill="#555">{_minus(tick)}</text>'
            )
    for value in _y_ticks(lo, hi):
        out.append(
            f'<line x1="{left}" y1="{sy(value):.1f}" x2="{left + PANEL_W}" y2="{sy(value):.1f}" '
            'stroke="#eee"/>'
        )
        out.append(
            f'<text x="{left - 3}" y="{sy(value) + 4:.1f}" text-anchor="end" fill="#555">'
            f"{_minus(_tick(value))}</text>"
        )
    curves_ = [(panel.f, F_COLOUR, "")]
    if panel.df is not None:
        curves_.append((panel.df, DF_COLOUR, "5,3"))
    for points, colour, dash in curves_:
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in points)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.8"{dashes}/>'
        )
    for z, fz in panel.marks:
        out.append(
            f'<line x1="{sx(z):.1f}" y1="{top}" x2="{sx(z):.1f}" y2="{top + PANEL_H}" '
            'stroke="#555" stroke-dasharray="2,2"/>'
        )
        if lo <= fz <= hi:
            out.append(f'<circle cx="{sx(z):.1f}" cy="{sy(fz):.1f}" r="3" fill="{F_COLOUR}"/>')
    for k, (text, colour, dash) in enumerate(_legend(derivative)):
        y = top + 14 + 14 * k
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{left + 6}" y1="{y - 4}" x2="{left + 24}" y2="{y - 4}" stroke="{colour}" '
            f'stroke-width="1.8"{dashes}/>'
        )
        out.append(f'<text x="{left + 28}" y="{y}" fill="{colour}">{escape(text)}</text>')
    return out


def _y_ticks(lo: float, hi: float) -> list[float]:
    """Whole numbers inside the y range (the bottom edge is left to the x ticks), and the top."""
    ticks = [float(v) for v in range(int(np.floor(lo)) + 1, int(np.ceil(hi)))]
    return ticks + ([hi] if hi not in ticks else [])


def _tick(value: float) -> str:
    return f"{value:.2g}"


def _minus(value: Any) -> str:
    return str(value).replace("-", "−")


# ----------------------------------------------------------------------------- TikZ


def tikz(plot: dict[str, Any], lang: str, derivative: bool) -> str:
    """The same panels as TikZ pictures (``\\usepackage{tikz}``), side by side."""
    pictures = []
    for panel in panels(plot, lang, derivative):
        lo, hi = panel.y_range
        scale_y = 3.0 / (hi - lo)  # every panel 3 cm high, 4 cm wide
        lines = [
            rf"\begin{{tikzpicture}}[x=0.5cm,y={scale_y:.4f}cm,font=\scriptsize]",
            rf"\draw[gray!60] ({X_RANGE[0]},{lo:.4f}) rectangle ({X_RANGE[1]},{hi:.4f});",
            rf"\draw[gray] ({X_RANGE[0]},0) -- ({X_RANGE[1]},0);",
            rf"\draw[gray] (0,{lo:.4f}) -- (0,{hi:.4f});",
            rf"\node[above] at (0,{hi:.4f}) {{\textbf{{{latex_text(panel.title)}}}}};",
            rf"\node[below] at ({X_RANGE[0]},{lo:.4f}) {{${X_RANGE[0]:g}$}};",
            rf"\node[below] at ({X_RANGE[1]},{lo:.4f}) {{${X_RANGE[1]:g}$}};",
            r"\draw[blue!70!black,thick] plot coordinates {" + _coords(panel.f) + "};",
        ]
        for value in _y_ticks(lo, hi):
            lines.append(rf"\node[left] at ({X_RANGE[0]},{value:.4f}) {{${_tick(value)}$}};")
        if panel.df is not None:
            lines.append(
                r"\draw[orange!80!black,thick,dashed] plot coordinates {" + _coords(panel.df) + "};"
            )
        for z, fz in panel.marks:
            lines.append(rf"\draw[gray,densely dotted] ({z:g},{lo:.4f}) -- ({z:g},{hi:.4f});")
            if lo <= fz <= hi:
                lines.append(rf"\fill[blue!70!black] ({z:g},{fz:.4f}) circle (1.5pt);")
        dashed = latex_text(DASHED.get(lang))
        legend = "$f(z)$" + (
            rf", \textcolor{{orange!80!black}}{{$f'(z)$ {dashed}}}" if derivative else ""
        )
        lines.append(rf"\node[below right] at ({X_RANGE[0]},{hi:.4f}) {{{legend}}};")
        lines.append(r"\end{tikzpicture}")
        pictures.append("\n".join(lines))
    return "\\begin{center}\n" + "\n\\quad\n".join(pictures) + "\n\\end{center}"


def _coords(points: tuple[tuple[float, float], ...]) -> str:
    return " ".join(f"({x:g},{y:g})" for x, y in points[::2])
