"""Computed examples for the explanation questions: the number or shape that makes the point.

Each function returns plain data: a dict of numbers (lists, floats, ints, strings) and a
``caption`` ``{"en": …, "zh": …}`` built from those numbers. Nothing is printed. The engine
(:class:`studykit.engine.Network`, :func:`studykit.engine.make_optimizer`), the catalog's
activations and SymPy (imported lazily) compute them; a question names its example by the
function's name (:data:`EXAMPLES`).
"""

from __future__ import annotations

from collections.abc import Callable

from .captions import Example
from .gradients import (
    ad_modes,
    difference_error,
    expression_swell,
    finite_difference_cost,
    relu_chain_delta,
    sigmoid_chain_delta,
)
from .matrices import hadamard_shapes, tensor_shape, trace_identities
from .training import (
    adam_first_step,
    init_scale,
    lr_schedules,
    momentum_constant_gradient,
    zero_init_symmetry,
)
from .units import (
    chain_parameter_count,
    dead_relu,
    nonconvex_mse_sigmoid,
    sigmoid_saturation,
    sigmoid_vs_softmax,
    softmax_ce_delta,
)

EXAMPLES: dict[str, Callable[[], Example]] = {
    fn.__name__: fn
    for fn in (
        sigmoid_saturation,
        dead_relu,
        sigmoid_vs_softmax,
        chain_parameter_count,
        nonconvex_mse_sigmoid,
        softmax_ce_delta,
        hadamard_shapes,
        trace_identities,
        tensor_shape,
        lr_schedules,
        momentum_constant_gradient,
        adam_first_step,
        zero_init_symmetry,
        init_scale,
        sigmoid_chain_delta,
        relu_chain_delta,
        finite_difference_cost,
        difference_error,
        expression_swell,
        ad_modes,
    )
}


def run_example(name: str) -> Example:
    """The example called ``name``, computed now."""
    return EXAMPLES[name]()
