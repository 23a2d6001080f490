"""``--derivative softmax``: the Jacobian ∂y/∂z = diag(y) − y yᵀ of y = softmax(z).

The answer may use ``y`` (also ``a``, ``s``, ``out``, ``ŷ``), ``z`` (also ``x``) and
``softmax(z)``, in matrix form (``diag(y) - y y^T``) or in index form (``y_i(δ_ij − y_j)``,
entry (i, j)). It is compared entry by entry on random logit vectors of sizes 2 to 5.
"""

from __future__ import annotations

import numpy as np

from ..i18n import Text
from ..math.nodes import Node
from .api import CheckResult
from .derivative_catalog import explained
from .draws import Draws
from .errors import AnswerSyntaxError, ShapeError
from .evaluate import Context, evaluate, shape_text
from .mistake import Mistake
from .names import var_of
from .read import PROBE_SIZE, read_answer
from .scope import Scope

SIZES = (2, 3, 4, 5)
POINTS = 30
FORM = "diag(y) − y yᵀ"
_INDEXED = ("y_i", "y_j", "z_i", "z_j", "delta_ij")


def softmax_scope(n: int = PROBE_SIZE) -> Scope:
    y, z = var_of("y"), var_of("z")
    variables: dict[str, tuple[int, int] | None] = {"y": (n, 1), "z": (n, 1)}
    variables.update(dict.fromkeys(_INDEXED))
    aliases: dict[str, Node] = {k: y for k in ("a", "s", "out", "yhat", "f")}
    aliases["x"] = z
    return Scope(variables=variables, aliases=aliases, forbid_prime={"softmax"},
                 indexed=frozenset({"y", "z", "delta"}))  # fmt: skip


def _values(n: int, rng: Draws) -> dict[str, np.ndarray]:
    z = rng.uniform(-3, 3, (POINTS, n, 1))
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return {"z": z, "y": e / e.sum(axis=1, keepdims=True)}


def jacobian(y: np.ndarray) -> np.ndarray:
    """diag(y) − y yᵀ for each column y of a ``(P, n, 1)`` batch."""
    return y * np.eye(y.shape[1])[None] - y @ np.swapaxes(y, -1, -2)


def _diagnose(answer: np.ndarray, y: np.ndarray, correct: np.ndarray) -> Mistake | None:
    diagonal = y * (1 - y)
    made = {
        "sign_flip": [-correct],
        "softmax_diagonal_only": [diagonal * np.eye(y.shape[1])[None], diagonal],
        "gave_f_not_fprime": [y],
    }
    for key, candidates in made.items():
        for value in candidates:
            if value.shape == answer.shape and np.allclose(answer, value, rtol=1e-6, atol=1e-9):
                return explained(key, FORM)
    return None


def check_jacobian(text: str) -> CheckResult:
    reading = read_answer(text, softmax_scope())
    reference = f"∂y/∂z  [{FORM}]"
    rng = Draws(5)
    for n in SIZES:
        values = _values(n, rng)
        try:
            answer = evaluate(reading.tree, Context(values, points=POINTS, index_size=n))
        except ShapeError as exc:
            return CheckResult("wrong", exc.text, reading.preview, reference)
        answer = np.broadcast_to(answer, (POINTS, *answer.shape[1:]))
        correct = jacobian(values["y"])
        mistake = _diagnose(answer, values["y"], correct)
        if answer.shape != correct.shape:
            message = Text("the answer is {s} but the Jacobian of softmax on {n} logits is {e}",
                           "答案是 {s}，而 {n} 个 logit 的 softmax 雅可比矩阵是 {e}")  # fmt: skip
            message = message.format(s=shape_text(answer.shape), n=n, e=shape_text(correct.shape))
            return CheckResult("wrong", message, reading.preview, reference, mistake)
        close = np.isclose(answer, correct, rtol=1e-6, atol=1e-9)
        if not close.all():
            k, i, j = (int(v[0]) for v in np.nonzero(~close))
            z = ", ".join(f"{v:.3g}" for v in values["z"][k, :, 0])
            message = Text(
                "not equivalent: at z = [{z}] entry ({i}, {j}) of the Jacobian is {r:.6g} but the "
                "answer gives {a:.6g}",
                "不等价：在 z = [{z}] 处雅可比矩阵的第 ({i}, {j}) 个元素为 {r:.6g}，而答案为 {a:.6g}",
            ).format(z=z, i=i + 1, j=j + 1, r=correct[k, i, j], a=answer[k, i, j])
            return CheckResult("wrong", message, reading.preview, reference, mistake)
    message = Text(
        "equivalent (checked on {k} logit vectors, n = 2…5)",
        "等价（在 {k} 个 logit 向量上验证，n = 2…5）",
    ).format(k=POINTS * len(SIZES))
    return CheckResult("right", message, reading.preview, reference)


__all__ = ["AnswerSyntaxError", "check_jacobian", "jacobian", "softmax_scope"]
