"""C8 identities verify on explicit matrices; C12 tables and forward/reverse traces."""

from __future__ import annotations

import math

import pytest

from studykit.symbolic.matrix import IDENTITIES, Identity
from studykit.symbolic.numdiff import (
    activation_table,
    difference_table,
    forward_mode,
    reverse_mode,
    table_text,
    trace_text,
)


@pytest.mark.parametrize("name", list(IDENTITIES))
def test_identity_verifies(name):
    identity = IDENTITIES[name]
    assert identity.statement.en and identity.statement.zh and identity.shapes
    assert identity.verify() is True


def test_a_false_identity_fails_to_verify():
    import sympy as sp

    def wrong() -> bool:  # ∂tr(AᵀB)/∂A = Bᵀ would be a shape error: it must not verify
        A = sp.Matrix(2, 2, sp.symbols("a1:5"))
        B = sp.Matrix(2, 2, sp.symbols("b1:5"))
        grad = A.applyfunc(lambda v: sp.diff((A.T * B).trace(), v))
        return grad == B.T

    assert (
        Identity("wrong", IDENTITIES["trace_grad"].statement, "", "", {}, wrong).verify() is False
    )


def test_expected_identities_are_present():
    assert {
        "linear_by_W",
        "linear_by_x",
        "grad_W",
        "grad_x",
        "trace_grad",
        "trace_cyclic",
        "frobenius",
        "elementwise_jacobian",
        "layer_jacobian",
    } <= set(IDENTITIES)


def test_difference_errors_shrink_with_the_right_order():
    rows = difference_table(math.sin, 1.0, math.cos(1.0), range(1, 5))
    for a, b in zip(rows, rows[1:], strict=False):
        assert 5 < a.forward_error / b.forward_error < 20  # O(h): ×10 per decade
        assert 50 < a.central_error / b.central_error < 200  # O(h²): ×100 per decade


def test_activation_table_uses_the_exam_form():
    rows = activation_table("sigmoid", 0.5, range(2, 4))
    s = 1 / (1 + math.exp(-0.5))
    assert abs(rows[-1].central - s * (1 - s)) < 1e-6
    assert "中心差分" in table_text(rows, "zh")


def test_forward_and_reverse_modes_agree_with_the_chain_rule():
    w, x, b = 0.8, -1.5, 0.3
    s = 1 / (1 + math.exp(-(w * x + b)))
    local = s * (1 - s)
    fwd = {r.name: r for r in forward_mode(w, x, b, seed="w")}
    assert abs(fwd["h3"].value - s) < 1e-15
    assert abs(fwd["h3"].derivative - local * x) < 1e-15
    rev = {r.name: r for r in reverse_mode(w, x, b)}
    assert abs(rev["w"].derivative - local * x) < 1e-15
    assert abs(rev["x"].derivative - local * w) < 1e-15
    assert abs(rev["b"].derivative - local) < 1e-15
    assert abs(forward_mode(w, x, b, seed="b")[-1].derivative - local) < 1e-15
    assert "h̄" in trace_text(reverse_mode(w, x, b), "reverse")
