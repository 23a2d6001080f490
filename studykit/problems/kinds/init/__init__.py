"""C10 initialisation problems.

- ``init_variance``: Xavier Var = 2/(n_in+n_out), bound √(6/(n_in+n_out)); Kaiming Var = 2/n_in,
  bound √(6/n_in). Hand route: Fractions here; engine route: engine/init.py.
- ``zero_init_symmetry``: with every weight equal (zero init) every hidden neuron computes the
  same value and gets the same gradient, so the rows of W⁽¹⁾ stay equal. Engine route: a traced
  2-h-1 sigmoid network; hand route: the scalar formulas.

Modules: ``variance`` and ``symmetry``, one per kind; this module registers both.
"""

from ...registry import Kind, register
from .._basic import Text
from .symmetry import build_zero_init_symmetry
from .variance import SCHEMES, build_init_variance, hand_variance

__all__ = ["SCHEMES", "build_init_variance", "build_zero_init_symmetry", "hand_variance"]


register(
    Kind(
        name="init_variance",
        section="C10",
        title=Text("Xavier and Kaiming initialisation", "Xavier 与 Kaiming 初始化"),
        description=Text(
            "variance, standard deviation and uniform bound for given layer sizes",
            "给定层大小时的方差、标准差与均匀分布边界",
        ),
        build=build_init_variance,
        extra_options={"init": SCHEMES},
    )
)
register(
    Kind(
        name="zero_init_symmetry",
        section="C10",
        title=Text("Zero initialisation and symmetry", "零初始化与对称性"),
        description=Text(
            "equal initial weights give every hidden neuron the same gradient",
            "相同的初始权重使每个隐藏神经元得到相同的梯度",
        ),
        build=build_zero_init_symmetry,
    )
)
