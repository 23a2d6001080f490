"""A student follows the printed steps digit by digit (issue #12, printed truth).

Every problem kind is rendered as the student sees it (the text and the Markdown writer), and
every printed step ``lhs = expr = … = value`` is read back through the answer checker's reader
(:mod:`studykit.check`: the tokenizer and grammar a typed answer goes through). Each right-hand
side made of numbers only is re-evaluated here, exactly (Fractions; exp, ln, σ, tanh, Φ by
mpmath at 50 digits), and must give what the chain prints next at the stated rounding:

- the next link is a value (a number, a matrix of numbers): the link rounds to it, entry by
  entry, half up at the stated decimals (or at the printed decimals where a value prints more);
- the next link is a partly evaluated form of this one: every subterm that was replaced rounds to
  what is printed in its place.

Nothing here reads the generator's step records for numbers; the step's node count only says how
many text lines belong to the chain.
"""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest

from studykit import math as fm
from studykit.check import limits
from studykit.check.errors import AnswerSyntaxError
from studykit.check.lexer import tokenize
from studykit.check.parse import Parser
from studykit.check.scope import Scope
from studykit.problems.model import NOTATIONS, Problem, step_nodes
from studykit.problems.registry import GenerationError, Options, all_kinds, generate
from studykit.render.formats import render_problem

from ._exact_links import NotNumeric, Unnamed, approximates, follows, value

# --------------------------------------------------------------------------- reading the page

OPEN, CLOSE = "([{⌈⌊", ")]}⌉⌋"
#: Words that may stand in a link made of numbers: the functions and LaTeX's layout commands.
NUMERIC_WORDS = re.compile(
    r"\\(left|right|cdot|times|odot|frac|dfrac|sqrt|begin\{bmatrix\}|end\{bmatrix\}|top|sigma|"
    r"tanh|exp|ln|log|sin|cos|max|min|lceil|rceil|lfloor|rfloor|Phi|varphi|phi|mathrm|operatorname|"
    r"mathsf|quad|,|;|!|\s)|\b(ReLU|LReLU|PReLU|ELU|GELU|tanh|exp|ln|log|sin|cos|max|min|floor|ceil|"
    r"softplus|hardtanh|sign|erf|tr|e|σ|Φ|φ|T)\b"
)
LETTER = re.compile(r"[A-Za-zα-ωΑ-Ω]")


def split_top(text: str, seps: tuple[str, ...]) -> list[tuple[str, str]]:
    """``text`` split at the separators outside brackets: (the separator before, the piece)."""
    out, depth, start, before = [], 0, 0, ""
    i = 0
    while i < len(text):
        c = text[i]
        if c in OPEN:
            depth += 1
        elif c in CLOSE:
            depth -= 1
        elif depth == 0:
            sep = next((s for s in seps if text.startswith(s, i)), None)
            if sep is not None:
                out.append((before, text[start:i].strip()))
                before, start = sep.strip(), i + len(sep)
                i += len(sep)
                continue
        i += 1
    out.append((before, text[start:].strip()))
    return out


SHAPE = re.compile(r"\d\s*(×|\\times)\s*\d")


def looks_numeric(piece: str) -> bool:
    """Numbers and functions only, not a shape ``[2×3]`` (a function of a number the page does
    not name, ``f(−1.04)``, counts: the student cannot evaluate it)."""
    if SHAPE.search(piece):
        return False
    rest = NUMERIC_WORDS.sub(" ", piece)
    rest = re.sub(r"\b[fg](?=′*(\(|\\left\())", " ", rest)
    return bool(re.search(r"\d", piece)) and not LETTER.search(rest)


def read(piece: str, latex: bool) -> fm.Node:
    """``piece`` through the checker's reader: its tokenizer and grammar. A printed matrix of
    sums may be longer than a typed answer may be; every other limit holds (a 40-digit number
    is refused as it is for a student)."""
    with (
        mock.patch.object(limits, "MAX_LENGTH", 20_000),
        mock.patch.object(limits, "MAX_TOKENS", 4_000),
    ):
        return Parser(tokenize(piece, allow_latex=latex), Scope(free=True)).parse()


def reading(piece: str, latex: bool) -> tuple[fm.Node | None, str | None]:
    """(the tree of a link made of numbers, or None; what went wrong reading it)."""
    if not looks_numeric(piece):
        return None, None
    try:
        node = read(piece, latex)
    except AnswerSyntaxError as exc:
        return None, f"unread {piece!r}: {exc}"
    try:
        value(node)
    except Unnamed as exc:
        return None, f"a function the page does not name, {exc}, in {piece!r}"
    except NotNumeric:
        return None, None  # a function this reader does not evaluate (ELU with its γ)
    except (ZeroDivisionError, ValueError) as exc:
        return None, f"no value for {piece!r}: {exc}"
    return node, None


def check_chain(text: str, decimals: int | None, latex: bool) -> list[str]:
    """What is wrong with one printed chain: unread links, links that do not add up."""
    comma = (",\\ ", ", ") if latex else (", ",)
    links = split_top(text, (" = ", "=", " ≈ ", "\\approx"))[1:]
    problems: list[str] = []
    rows: list[list[fm.Node | None]] = []
    for _, link in links:
        row = []
        for _, item in split_top(link, comma):
            node, problem = reading(item, latex)
            row.append(node)
            if problem:
                problems.append(f"{problem} in {text!r}")
        rows.append(row)
    for k in range(1, len(rows)):
        before, after = rows[k - 1], rows[k]
        if len(before) != len(after):
            continue
        rounded_off = links[k][0] in ("≈", "\\approx")  # 0.9999 ≈ 1: fewer places
        for a, b in zip(before, after, strict=True):
            if a is None or b is None:
                continue
            if not (approximates(a, b) if rounded_off else follows(a, b, decimals)):
                problems.append(f"{text!r}: link {k} does not give link {k + 1}")
    return problems


# --------------------------------------------------------------------------- the two writers

STEP_TITLE = re.compile(r"^(\d+)\. ")


def text_chains(page: str, problem: Problem) -> list[str]:
    """The chains of the text solution: after step N's title, one line per chain node."""
    lines = page.splitlines()
    chains, i, number = [], 0, 0
    while i < len(lines):
        m = STEP_TITLE.match(lines[i])
        if m and int(m.group(1)) == number + 1 and number < len(problem.steps):
            count = len(step_nodes(problem.steps[number]))
            number += 1
            j = i + 1
            while j < len(lines) and not lines[j].startswith("     "):
                j += 1  # a wrapped title
            block = [lines[k].strip() for k in range(j, min(j + count, len(lines)))]
            if block:
                chains.append(" ".join(block))
            i = j + count
            continue
        i += 1
    return chains


ALIGNED = re.compile(r"\$\$\n(.*?)\n\$\$", re.S)


def markdown_chains(page: str) -> list[str]:
    solution = page.split("### ", 1)[-1]
    chains = []
    for block in ALIGNED.findall(solution):
        body = block.replace("\\begin{aligned}", "").replace("\\end{aligned}", "")
        rows = [r.strip().lstrip("&") for r in body.split("\\\\\n")]
        chains.append(" ".join(r.strip() for r in rows if r.strip()))
    return chains


def mismatches(problem: Problem, lang: str = "en") -> list[str]:
    decimals = problem.conventions.rounding.decimals
    found = []
    text = render_problem("text", problem, lang, solution=True)
    for chain in text_chains(text, problem):
        found += [f"{problem.id} text: {m}" for m in check_chain(chain, decimals, latex=False)]
    md = render_problem("md", problem, lang, solution=True)
    for chain in markdown_chains(md):
        found += [f"{problem.id} md: {m}" for m in check_chain(chain, decimals, latex=True)]
    return found


# --------------------------------------------------------------------------- the sweep


def variants() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for kind in all_kinds():
        out.append((kind.name, {}))
        out += [(kind.name, {k: v}) for k, values in kind.extra_options.items() for v in values]
    return out


def sweep(kind: str, extra: dict[str, Any], seeds: range) -> list[str]:
    found = []
    for seed in seeds:
        for calculator in (True, False):
            options = Options(
                difficulty=1 + seed % 3,
                calculator=calculator,
                notation=NOTATIONS[(seed + calculator) % len(NOTATIONS)],
                extra=extra,
            )
            try:
                problem = generate(kind, seed, options)
            except GenerationError:
                continue
            found += mismatches(problem)
    return found


KINDS = sorted({k.name for k in all_kinds()})
FAST_SEEDS = range(2)
SLOW_SEEDS, CHUNKS = range(2, 40), 4


def report(found: list[str]) -> str:
    return f"{len(found)} printed links do not read back:\n" + "\n".join(found[:15])


@pytest.mark.parametrize("kind", KINDS)
def test_printed_steps_read_back(kind: str) -> None:
    found = [
        m for name, extra in variants() if name == kind for m in sweep(kind, extra, FAST_SEEDS)
    ]
    assert not found, report(found)


@pytest.mark.slow
@pytest.mark.parametrize("chunk", range(CHUNKS))
@pytest.mark.parametrize("kind", KINDS)
def test_printed_steps_read_back_wide(kind: str, chunk: int) -> None:
    seeds = SLOW_SEEDS[chunk::CHUNKS]
    found = [m for name, extra in variants() if name == kind for m in sweep(kind, extra, seeds)]
    assert not found, report(found)


@pytest.mark.parametrize(
    "chain, latex, right",
    [
        ("δ = 0.2445 · (−0.0493) = −0.0121", False, True),  # −0.01205385 → −0.0121
        ("δ = 0.2445 · (−0.0493) = −0.0120", False, False),
        ("z = [0.4, −1.5][0.4256, 0.2315]ᵀ + [−1.3] = [−1.477]", False, True),
        ("z = [0.4, −1.5][0.4256, 0.2315]ᵀ + [−1.3] = [−1.4771]", False, False),
        ("y = [1/9, 1/9]ᵀ/2/9 = [0.5, 0.5]ᵀ", False, False),  # (1/9)/2/9, not (1/9)/(2/9)
        ("y = [1/9, 1/9]ᵀ/(2/9) = [0.5, 0.5]ᵀ", False, True),
        ("a = f(z) = f(−1.04) = 0.2611", False, False),  # no function the page names
        ("K = ceil(250/20) = 13", False, True),
        ("s = 0.6331 + 0.2107 + 0.1561 = 0.9999 ≈ 1", False, True),
        (
            r"z = \begin{bmatrix} 0.4 & -1.5 \end{bmatrix} \begin{bmatrix} 1 \\ 2 \end{bmatrix}"
            r" = -2.6",
            True,
            True,
        ),  # fmt: skip
        (r"z = \frac{0.6703}{0.8935} = 0.7503", True, False),  # 0.75019 → 0.7502
    ],
)
def test_the_reader_can_fail(chain: str, latex: bool, right: bool) -> None:
    """The harness is not vacuous: a chain that does not add up is reported."""
    assert (check_chain(chain, 4, latex) == []) is right, check_chain(chain, 4, latex)
