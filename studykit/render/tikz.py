"""Network diagrams in TikZ for the LaTeX output: neurons as circles with their names in math,
full connections, the weight matrix under each gap, the layer captions and the activations
in the sheet's language (pdflatex for en, xelatex for zh)."""

from __future__ import annotations

from typing import Any

from .. import math as fm
from ..catalog import ACTIVATIONS
from ..math.latex import LatexPrinter, latex_text
from .diagram import MAX_SHOWN, _activations, _caption, _layers

DX, DY = 3.0, 1.0  # cm between layers, between neurons


def _names(layer: int, width: int, last: bool, printer: LatexPrinter) -> list[str]:
    def name(i: int) -> str:
        if layer == 0:
            return printer.doprint(fm.Var("x", sub=str(i)))
        if last:
            return printer.doprint(fm.Var("y", sub=str(i), hat=True))
        return printer.doprint(fm.Var("a", sub=str(i), layer=layer))

    if width <= MAX_SHOWN:
        return [name(i) for i in range(1, width + 1)]
    return [name(1), name(2), "\\vdots", name(width)]


def activation_label(name: str, lang: str) -> str:
    """The activation's symbol in math (σ, tanh, ReLU), with its name in Chinese for zh."""
    act = ACTIVATIONS.get(name)
    if act is None:
        return latex_text(name)
    symbol = latex_text(act.symbol)
    if lang == "zh":
        words = act.title.zh.replace(act.symbol, "").strip() or act.title.zh
        return f"{latex_text(words)}"
    return symbol


def tikz(spec: dict[str, Any], notation: str = "textbook", lang: str = "en") -> str:
    """A ``tikzpicture`` of the network in ``spec`` (centred)."""
    printer = LatexPrinter(notation, lang)
    layers = _layers(spec)
    depth = len(layers) - 1
    acts = _activations(spec)
    shown = [_names(i, n, i == depth, printer) for i, n in enumerate(layers)]
    tallest = max(len(s) for s in shown)
    out = [
        "\\begin{center}",
        "\\begin{tikzpicture}[neuron/.style={circle, draw, thick, minimum size=8mm, "
        "inner sep=0pt, font=\\small}, >=latex]",
    ]
    for i, names in enumerate(shown):
        top = (len(names) - 1) * DY / 2
        for k, name in enumerate(names):
            y = top - k * DY
            style = "" if name == "\\vdots" else "neuron"
            out.append(f"\\node[{style}] (n{i}-{k}) at ({i * DX:.2f},{y:.2f}) {{${name}$}};")
        caption = latex_text(f"{_caption(i, depth, lang)} [{layers[i]}]")
        head = tallest * DY / 2 + 0.35
        out.append(
            f"\\node[font=\\small\\bfseries] at ({i * DX:.2f},{head + 0.45:.2f}) {{{caption}}};"
        )
        if i > 0:
            act = activation_label(acts[i - 1], lang)
            out.append(f"\\node[font=\\footnotesize] at ({i * DX:.2f},{head:.2f}) {{{act}}};")
    for i in range(1, len(shown)):
        for a, left in enumerate(shown[i - 1]):
            for b, right in enumerate(shown[i]):
                if "\\vdots" not in (left, right):
                    out.append(f"\\draw[->, gray] (n{i - 1}-{a}) -- (n{i}-{b});")
        weight = printer.doprint(fm.Var("W", layer=i))
        foot = -tallest * DY / 2 - 0.2
        out.append(f"\\node[font=\\small] at ({(i - 0.5) * DX:.2f},{foot:.2f}) {{${weight}$}};")
    out += ["\\end{tikzpicture}", "\\end{center}"]
    return "\n".join(out)
