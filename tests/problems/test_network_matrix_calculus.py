"""C8 kinds: gradient shapes per notation profile, and diag(f′(z)) Jacobians."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from studykit.catalog import ACTIVATIONS, get_activation
from studykit.math import format_number
from studykit.problems.model import Display, Para
from studykit.problems.registry import Options, generate
from studykit.render.formats import render_problem
from tests.sweeps import seed_chunks

COMBOS = [
    Options(difficulty=d, calculator=c, notation=n)
    for d, c, n in itertools.product(
        (1, 2, 3), (True, False), ("textbook", "bracket", "transposed")
    )
]


def _chain(problem) -> list[int]:
    words = problem.statement[0].parts[0].en
    return [int(v) for v in words.split("sizes ")[1].split(" ")[0].split("→")]


@pytest.mark.parametrize("seeds", seed_chunks())
def test_gradient_shapes_over_seeds_and_profiles(seeds: range):
    for seed in seeds:
        options = COMBOS[seed % len(COMBOS)]
        problem = generate("gradient_shapes", seed, options)
        sizes = _chain(problem)
        for layer in range(1, len(sizes)):
            n, m = sizes[layer], sizes[layer - 1]
            expected = [m, n] if options.notation == "transposed" else [n, m]
            assert problem.answer(f"dW{layer}").value == expected
            assert problem.answer(f"db{layer}").value == [n, 1]
            assert problem.answer(f"delta{layer}").value == [n, 1]
        assert problem.answer("dx").value == [sizes[0], 1]


@pytest.mark.parametrize("seeds", seed_chunks())
def test_elementwise_jacobian_is_diagonal_and_matches_the_derivative(seeds: range):
    for seed in seeds:
        options = COMBOS[seed % len(COMBOS)]
        problem = generate("elementwise_jacobian", seed, options)
        J = np.asarray(problem.answer("jacobian").value)
        assert J.shape[0] == J.shape[1]
        assert np.all(J[~np.eye(len(J), dtype=bool)] == 0)
        assert np.count_nonzero(np.diag(J)) >= len(J) - 1
        displays = [b.formula for b in problem.statement if isinstance(b, Display)]
        if options.difficulty >= 2:
            W, b, x = (
                np.asarray([[float(c.text.replace("−", "-")) for c in r] for r in d.args[1].rows])
                for d in displays
            )
            z = W @ x[:, 0] + b[:, 0]
            JW = np.asarray(problem.answer("jacobian_x").value)
            np.testing.assert_allclose(JW, J @ W, atol=2e-4)
        else:
            z = np.asarray(
                [float(c.text.replace("−", "-")) for r in displays[0].args[1].rows for c in r]
            )
        text = next(
            b.parts[0].en
            for b in problem.statement
            if isinstance(b, Para) and b.parts[0].en.startswith("Activation")
        )
        act = max(
            (a for a in ACTIVATIONS.values() if a.title.en in text), key=lambda a: len(a.title.en)
        ).name
        activation = get_activation(act)
        params = activation.defaults()
        given = next(g for g in problem.givens["activations"] if g["name"] == act)
        for param in activation.params:
            shown = f"{param.shown} = {format_number(given[param.name])}"
            assert shown in render_problem("text", problem, "en"), (problem.id, shown)
            params[param.name] = given[param.name]
        fprime = activation.grad(z[None, :], activation.fn(z[None, :], params), params)[0]
        np.testing.assert_allclose(np.diag(J), fprime, atol=2e-4 if problem.calculator else 1e-12)
        if not problem.calculator:
            for text in np.ravel(problem.answer("jacobian").exact):
                assert Fraction(text.replace("−", "-")) * 100 % 1 == 0
