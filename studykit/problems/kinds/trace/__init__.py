"""C8 ``trace_identities``: the notes' trace identities at small drawn matrices.

- ``identity=derivative``: L(W) = tr(WᵀB) (+ tr(CW) from difficulty 2, + (λ/2)‖W‖²_F at 3); its
  value and ∂L/∂W = B (+ Cᵀ) (+ λW), from ∂tr(AᵀB)/∂A = B, ∂tr(AB)/∂B = Aᵀ and
  ‖A‖²_F = tr(AᵀA) with ∂tr(AᵀA)/∂A = 2A.
- ``identity=cyclic``: tr(AB) = tr(BA) for A [2×3], B [3×2] (and the shapes of AB and BA from
  difficulty 2); at difficulty 3 tr(ABC) = tr(BCA) = tr(CAB) with C [2×2].
- ``identity=frobenius``: ‖A‖²_F = Σᵢⱼ Aᵢⱼ², AᵀA and tr(AᵀA) (and tr(AAᵀ) at difficulty 3).

Hand route: exact Fractions, written out as a student sums them. Second route: SymPy through
:mod:`studykit.symbolic.concepts` (imported when a problem is built): ∂L/∂W by differentiating
L entry by entry, the traces by SymPy's exact matrix products (and the cyclic identity proved on
symbolic matrices of the same shapes), ‖A‖_F from SymPy's norm. NumPy checks the numbers too.
"""

from __future__ import annotations

import random

from ...model import Problem, Rounding
from ...registry import Kind, Options, register
from .._basic import Text, conventions, make_problem, pick
from .common import IDENTITIES
from .cyclic import cyclic_problem
from .derivative import derivative_problem
from .frobenius import frobenius_problem

# ----------------------------------------------------------------------------- the kind

BUILDERS = {
    "derivative": derivative_problem,
    "cyclic": cyclic_problem,
    "frobenius": frobenius_problem,
}
TITLES = {
    "derivative": Text("Trace identities: the gradient of a trace", "迹的恒等式：迹的梯度"),
    "cyclic": Text("Trace identities: cyclic permutation", "迹的恒等式：循环置换"),
    "frobenius": Text("Trace identities: ‖A‖²_F = tr(AᵀA)", "迹的恒等式：‖A‖²_F = tr(AᵀA)"),
}


def build_trace_identities(rng: random.Random, options: Options) -> Problem:
    """One of the three identities (the ``identity`` option, else drawn), at drawn matrices."""
    identity = options.extra.get("identity") or pick(rng, IDENTITIES)
    statement, answers, steps = BUILDERS[identity](rng, options)
    return make_problem(
        options, TITLES[identity], statement, answers, steps, conventions(options, Rounding(None))
    )


register(
    Kind(
        name="trace_identities",
        section="C8",
        title=Text("Trace identities", "迹的恒等式"),
        description=Text(
            "∂tr(AᵀB)/∂A = B (and ∂tr(CW)/∂W = Cᵀ, λW), tr(ABC) = tr(CAB), ‖A‖²_F = tr(AᵀA), at small matrices",
            "小矩阵上的 ∂tr(AᵀB)/∂A = B（及 ∂tr(CW)/∂W = Cᵀ、λW）、tr(ABC) = tr(CAB)、‖A‖²_F = tr(AᵀA)",
        ),
        build=build_trace_identities,
        extra_options={"identity": IDENTITIES},
    )
)
