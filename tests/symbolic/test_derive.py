"""Derivatives of every catalog activation and loss: proofs, step nodes, central differences."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

from studykit.catalog import ACTIVATIONS, LOSSES
from studykit.symbolic.derive import catalog_names, derive
from studykit.symbolic.differentiate import differentiate
from studykit.symbolic.functions import FUNCTIONS
from studykit.symbolic.proof import as_elementary

NAMES = catalog_names()
ELEMENTWISE = [n for n, a in ACTIVATIONS.items() if a.elementwise]


@pytest.fixture(scope="module")
def derivations() -> dict:
    return {name: derive(name) for name in NAMES}


# ----------------------------------------------------------------------------- independent NumPy


def _sig(v):
    return 1.0 / (1.0 + np.exp(-v))


def _phi_cdf(v):
    return 0.5 * (1.0 + np.vectorize(math.erf)(v / math.sqrt(2.0)))


#: f(x, params), written here from COURSE.md, not from the catalog.
INDEPENDENT = {
    "identity": lambda x, p: x,
    "sigmoid": lambda x, p: _sig(x),
    "tanh": lambda x, p: np.tanh(x),
    "hard_sigmoid": lambda x, p: np.maximum(np.minimum(0.25 * x + 0.5, 1.0), 0.0),
    "hard_tanh": lambda x, p: np.maximum(np.minimum(x, 1.0), -1.0),
    "relu": lambda x, p: np.maximum(0.0, x),
    "leaky_relu": lambda x, p: np.maximum(0.0, x) + p["gamma"] * np.minimum(0.0, x),
    "prelu": lambda x, p: np.maximum(0.0, x) + p["gamma"] * np.minimum(0.0, x),
    "elu": lambda x, p: np.maximum(0.0, x) + np.minimum(0.0, p["gamma"] * (np.exp(x) - 1)),
    "softplus": lambda x, p: np.log1p(np.exp(x)),
    "swish": lambda x, p: x * _sig(p["beta"] * x),
    "mish": lambda x, p: x * np.tanh(np.log1p(np.exp(x))),
    "gelu": lambda x, p: x * _phi_cdf(x),
    "gelu_tanh": lambda x, p: (
        0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
    ),
    "gelu_sigmoid": lambda x, p: x * _sig(1.702 * x),
    "dyt": lambda x, p: p["gamma"] * np.tanh(p["alpha"] * x) + p["beta"],
}
INDEPENDENT_LOSS = {
    "mse": lambda y, t: 0.5 * (y - t) ** 2,
    "mse_sum": lambda y, t: (y - t) ** 2,
    "l1": lambda y, t: np.abs(y - t),
    "smooth_l1": lambda y, t: np.where(np.abs(y - t) < 1, 0.5 * (y - t) ** 2, np.abs(y - t) - 0.5),
    "cross_entropy": lambda y, t: -t * np.log(y),
    "binary_cross_entropy": lambda y, t: -(t * np.log(y) + (1 - t) * np.log(1 - y)),
}
PARAM_VALUES = {"gamma": 0.3, "alpha": 0.7, "beta": 1.3}


def _central(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


def _away_from_kinks(points, kinks):
    return np.array([p for p in points if all(abs(p - k) > 1e-3 for k in kinks)])


def _numeric(expr, var, values):
    """A NumPy function of ``var`` from a SymPy expression, parameters fixed to ``values``."""
    fixed = {s: sp.nsimplify(values[s.name]) for s in expr.free_symbols if s.name in values}
    modules = [{"erf": np.vectorize(math.erf)}, "numpy"]
    return sp.lambdify(var, as_elementary(expr).xreplace(fixed), modules)


def test_every_catalog_name_is_derived():
    assert set(NAMES) == set(ACTIVATIONS) | set(LOSSES)


@pytest.mark.parametrize("name", NAMES)
def test_exam_form_proved_equal_to_raw(derivations, name):
    d = derivations[name]
    for der in [d.main, *d.param_derivatives.values(), *d.extra]:
        assert der.proof.holds, (name, der.proof)
        if name != "maxout":
            assert der.proof.method in ("symbolic", "symbolic by cases"), (name, der.proof)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_exam_form_matches_central_differences(derivations, name):
    d = derivations[name]
    act = ACTIVATIONS[name]
    xs = _away_from_kinks(np.linspace(-3.1, 3.3, 41), act.kinks)
    exam = _numeric(d.main.exam_form, d.main.var, PARAM_VALUES)
    f = INDEPENDENT[name]
    expected = _central(lambda v: f(v, PARAM_VALUES), xs)
    got = np.broadcast_to(np.asarray(exam(xs), dtype=float), xs.shape)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", [n for n in ELEMENTWISE if ACTIVATIONS[n].param_exam_forms])
def test_parameter_derivatives_match_central_differences(derivations, name):
    d = derivations[name]
    f = INDEPENDENT[name]
    xs = _away_from_kinks(np.linspace(-2.9, 3.1, 17), ACTIVATIONS[name].kinks)
    assert d.param_derivatives
    for pname, der in d.param_derivatives.items():
        for x0 in xs:
            values = dict(PARAM_VALUES)
            form = as_elementary(der.exam_form).xreplace(
                {
                    s: sp.nsimplify(values[s.name])
                    for s in der.exam_form.free_symbols
                    if s.name in values
                }
            )
            got = float(form.subs(sp.Symbol("x", real=True), sp.nsimplify(x0)))

            def in_param(v, x0=x0, pname=pname):
                return f(x0, {**values, pname: v})

            expected = _central(in_param, values[pname])
            assert abs(got - expected) < 1e-7, (name, pname, x0, got, expected)


@pytest.mark.parametrize("name", list(INDEPENDENT_LOSS))
def test_loss_exam_grad_matches_central_differences(derivations, name):
    d = derivations[name]
    y, t = sp.Symbol("y", positive=True), sp.Symbol("t", real=True)
    y = next(s for s in d.main.exam_form.free_symbols | {y} if s.name == "y")
    t = next(s for s in d.main.function.free_symbols if s.name == "t")
    grad = sp.lambdify((y, t), d.main.exam_form, "numpy")
    rng = np.random.default_rng(1)
    for _ in range(20):
        if LOSSES[name].needs_probabilities:
            yv, tv = rng.uniform(0.05, 0.95), rng.uniform(0, 1)
        else:
            yv, tv = rng.uniform(-3, 3), rng.uniform(-3, 3)
            if any(abs(yv - tv - k) < 1e-3 for k in LOSSES[name].kinks):
                continue
        expected = _central(lambda v, tv=tv: INDEPENDENT_LOSS[name](v, tv), yv)
        assert abs(float(grad(yv, tv)) - expected) < 1e-7, (name, yv, tv)


def test_mse_mean_and_softmax_ce_against_central_differences(derivations):
    y = sp.symbols("y1:4", real=True)
    t = sp.symbols("t1:4", real=True)
    yv, tv = np.array([0.3, -1.2, 2.0]), np.array([0.2, 0.5, 0.3])
    mean = sp.lambdify((*y, *t), derivations["mse_mean"].main.exam_form)

    def mse_mean(v):
        return np.mean((np.array([v, *yv[1:]]) - tv) ** 2)

    assert abs(mean(*yv, *tv) - _central(mse_mean, yv[0])) < 1e-8

    def ce(v):
        z = np.array([v, *yv[1:]])
        return -np.sum(tv * (z - np.log(np.sum(np.exp(z)))))

    grad = sp.lambdify((*y, *t), derivations["softmax_cross_entropy"].main.exam_form)
    assert abs(grad(*yv, *tv) - _central(ce, yv[0])) < 1e-8


def test_softmax_jacobian_matches_central_differences(derivations):
    d = derivations["softmax"]
    xs = sp.symbols("x1:4", real=True)
    definitions = {sp.Symbol(k, positive=True): v for k, v in d.exam_symbols.items()}
    jac = sp.lambdify(xs, d.main.exam_form.xreplace(definitions), "numpy")
    x0 = np.array([0.4, -1.0, 1.5])

    def softmax(v):
        e = np.exp(v - v.max())
        return e / e.sum()

    for j in range(3):
        step = np.zeros(3)
        step[j] = 1e-6
        column = (softmax(x0 + step) - softmax(x0 - step)) / 2e-6
        np.testing.assert_allclose(np.array(jac(*x0), dtype=float)[:, j], column, atol=1e-8)


def test_maxout_gradient_goes_to_the_arg_max(derivations):
    d = derivations["maxout"]
    x1, x2 = sp.symbols("x1 x2", real=True)
    J = d.main.exam_form
    assert J.subs({x1: 2, x2: 1}).tolist() == [[1, 0]]
    assert J.subs({x1: -1, x2: 3}).tolist() == [[0, 1]]


# ----------------------------------------------------------------------------- the exam forms


def test_exam_forms_are_written_as_the_course_does(derivations):
    x = sp.Symbol("x", real=True)
    a = sp.Symbol("a")
    sig = FUNCTIONS["sigmoid"](x)
    assert sp.expand(derivations["sigmoid"].main.exam_form.xreplace({sig: a})) == sp.expand(
        a * (1 - a)
    )
    tanh = FUNCTIONS["tanh"](x)
    assert sp.expand(derivations["tanh"].main.exam_form.xreplace({tanh: a})) == 1 - a**2
    assert derivations["softplus"].main.exam_form == sig
    alpha, gamma = sp.Symbol("alpha", real=True), sp.Symbol("gamma", real=True)
    assert sp.expand(derivations["dyt"].main.exam_form) == sp.expand(
        gamma * alpha * (1 - sp.tanh(alpha * x) ** 2)
    )
    y = sp.symbols("y1:4", positive=True)
    expected = sp.diag(*y) - sp.Matrix(y) * sp.Matrix(y).T
    assert sp.simplify(derivations["softmax"].main.exam_form - expected) == sp.zeros(3, 3)
    s, t = sp.Symbol("s", real=True), sp.Symbol("t", real=True)
    bce_extra = derivations["binary_cross_entropy"].extra[0]
    assert bce_extra.exam_form == FUNCTIONS["sigmoid"](s) - t
    assert bce_extra.steps[-1].result == FUNCTIONS["sigmoid"](s) - 1
    ce_extra = derivations["softmax_cross_entropy"].extra[0]
    assert ce_extra.exam_form == sp.Symbol("p1", positive=True) - sp.Symbol("t1", real=True)


def test_relu_states_its_kink_convention(derivations):
    d = derivations["relu"]
    x = d.main.var
    steps = d.main.steps[0]
    assert steps.rule == "piecewise"
    assert steps.result.subs(x, 0) == 0  # ReLU′(0) = 0, the left derivative
    assert steps.note is not None and "ReLU′(0) = 0" in steps.note.en


def test_params_report_defaults_of_symbols_that_appear(derivations):
    assert derivations["leaky_relu"].params == {"gamma": 0.01}
    assert derivations["dyt"].params == {"alpha": 0.5, "gamma": 1.0, "beta": 0.0}
    assert derivations["sigmoid"].params == {}
    assert set(derivations["prelu"].param_derivatives) == {"gamma"}
    assert set(derivations["dyt"].param_derivatives) == {"alpha", "gamma", "beta"}
    assert set(derivations["swish"].param_derivatives) == {"beta"}


# ----------------------------------------------------------------------------- every step node


def _check_node(step, rng):
    want = sp.diff(as_elementary(step.expr), step.var).xreplace(step.given)
    got = as_elementary(step.result).xreplace(step.given)
    symbols = sorted(want.free_symbols | got.free_symbols, key=str)
    for _ in range(3):
        point = {}
        for s in symbols:
            if s.name in ("alpha", "beta", "gamma", "y") or s.is_positive:
                point[s] = sp.Rational(int(rng.integers(20, 90)), 100)
            else:
                point[s] = sp.Rational(int(rng.integers(-2900, 2900)), 1000)
        a, b = complex(sp.N(want.subs(point), 20)), complex(sp.N(got.subs(point), 20))
        assert abs(a - b) <= 1e-12 * (1 + abs(a)), (step.rule, step.expr, step.result, point)


@pytest.mark.parametrize("name", NAMES)
def test_every_step_node_agrees_with_sympy_diff(derivations, name):
    rng = np.random.default_rng(5)
    nodes = list(derivations[name].all_steps())
    if name != "maxout":
        assert nodes
    for step in nodes:
        _check_node(step, rng)


def test_rules_cover_the_textbook_set(derivations):
    rules = {s.rule for d in derivations.values() for s in d.all_steps()}
    assert {"chain", "product", "quotient", "power", "exp", "log", "constant", "sum"} <= rules
    assert {"piecewise", "rewrite", "constant_multiple", "variable"} <= rules


def test_sigmoid_is_derived_with_the_quotient_rule_then_rewritten(derivations):
    steps = derivations["sigmoid"].main.steps
    assert [s.rule for s in steps] == ["quotient", "rewrite"]
    x = sp.Symbol("x", real=True)
    assert sp.simplify(steps[0].result - sp.exp(-x) / (1 + sp.exp(-x)) ** 2) == 0


def test_differentiate_power_and_product():
    x = sp.Symbol("x", real=True)
    tree = differentiate(x**3 * sp.exp(2 * x), x)
    assert tree.rule == "product"
    assert sp.simplify(tree.result - sp.diff(x**3 * sp.exp(2 * x), x)) == 0
    power = differentiate((1 + x**2) ** 3, x)
    assert power.rule == "chain" and power.substeps[0].rule == "power"
    assert sp.expand(power.result - 6 * x * (1 + x**2) ** 2) == 0
