"""One module (or subpackage, split along its seams) per group of problem kinds; importing this
package registers them all.

The modules are imported here by name, in sorted order, so that the registry is the same on every
run and every edge is visible to import-linter; a subpackage registers its kinds in its
``__init__``. ``_``-modules are shared helpers, not kinds. A new kind module gets a line here
(tests/problems/test_kind_identity.py fails for a module that is not listed).
"""

from . import (  # noqa: F401  (imported to register their kinds)
    activations,
    activations_property,
    concepts,
    finite_difference_cost,
    gd_variants,
    init,
    loss_convexity,
    losses,
    lr_schedule,
    matrix_calculus,
    matrix_products,
    network,
    neuron,
    numdiff,
    optimizers,
    shapes,
    structure,
    tensor_shape,
    trace,
    vanishing,
)
