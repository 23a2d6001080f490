"""Hand-made problems for the renderer tests: a 2-2-1 forward/backward pass with matrices, a
choice question and an expression answer. Numbers are computed here (rounded to 4 decimals,
carried as a student would), not by the renderers."""

from __future__ import annotations

import math

from studykit import math as fm
from studykit.i18n import Text
from studykit.problems.model import (
    Answer,
    Conventions,
    Display,
    Para,
    Problem,
    Rounding,
    Step,
    Tolerance,
)

X = [1.0, -2.0]
W1 = [[0.5, -0.3], [0.2, 0.8]]
B1 = [0.1, -0.1]
W2 = [[1.2, -0.7]]
B2 = [0.3]
T_ = [1.0]


def r4(v: float) -> float:
    return round(v, 4)


def sig(v: float) -> float:
    return r4(1 / (1 + math.exp(-v)))


def V(name: str, layer: int | None = None, **kw) -> fm.Var:
    return fm.Var(name, layer=layer, **kw)


def backprop_problem(notation: str = "textbook") -> Problem:
    z1 = [
        r4(sum(w * x for w, x in zip(row, X, strict=True)) + b)
        for row, b in zip(W1, B1, strict=True)
    ]
    a1 = [sig(v) for v in z1]
    z2 = [
        r4(sum(w * a for w, a in zip(row, a1, strict=True)) + b)
        for row, b in zip(W2, B2, strict=True)
    ]
    a2 = [sig(v) for v in z2]
    d2 = [r4((a2[0] - T_[0]) * a2[0] * (1 - a2[0]))]
    d1 = [r4(W2[0][i] * d2[0] * a1[i] * (1 - a1[i])) for i in range(2)]
    gW1 = [[r4(d1[i] * X[j]) for j in range(2)] for i in range(2)]
    tol = Tolerance(abs=0.0015, decimals=4)
    n = fm.numbers
    W = lambda l: V("W", l)  # noqa: E731
    statement = (
        Para(
            (
                Text(
                    "A 2-2-1 network with logistic activations ",
                    "一个 2-2-1 网络，激活函数均为 logistic ",
                ),
                fm.eq(V("a", 1), fm.Call("σ", (V("z", 1),))),
                Text(" gets the input and target", "，输入与目标为"),
            )
        ),
        Display(fm.Op(",", (fm.eq(V("x"), n(X)), fm.eq(V("t"), n(T_))))),
        Display(fm.Op(",", (fm.eq(W(1), n(W1)), fm.eq(V("b", 1), n(B1))))),
        Display(fm.Op(",", (fm.eq(W(2), n(W2)), fm.eq(V("b", 2), n(B2))))),
        Para(
            (
                Text("Compute the forward pass, the error terms and ", "计算前向传播、误差项以及 "),
                fm.Partial(V("L"), W(1)),
                Text(".", "。"),
            )
        ),
    )
    answers = (
        Answer("a1", Text("activation a⁽¹⁾", "激活值 a⁽¹⁾"), a1, "vector", tol, symbol=V("a", 1)),
        Answer(
            "yhat", Text("prediction ŷ", "预测值 ŷ"), a2[0], "number", tol, symbol=V("y", hat=True)
        ),
        Answer(
            "delta2", Text("error term δ⁽²⁾", "误差项 δ⁽²⁾"), d2, "vector", tol, symbol=V("δ", 2)
        ),
        Answer(
            "dW1",
            Text("gradient ∂L/∂W⁽¹⁾", "梯度 ∂L/∂W⁽¹⁾"),
            gW1,
            "matrix",
            tol,
            symbol=fm.Partial(V("L"), W(1)),
            depends_on=("delta2",),
        ),
    )
    steps = (
        Step(
            Text("Net input of layer 1", "第 1 层的净输入"),
            fm.eq(V("z", 1), fm.add(fm.dot(W(1), V("x")), V("b", 1))),
            fm.add(fm.dot(n(W1), n(X)), n(B1)),
            n(z1),
            "[2×1] = [2×2][2×1] + [2×1]",
        ),
        Step(
            Text("Activation of layer 1", "第 1 层的激活值"),
            fm.eq(V("a", 1), fm.Call("σ", (V("z", 1),))),
            fm.Call("σ", (n(z1),)),
            n(a1),
            answer_id="a1",
        ),
        Step(
            Text("Output", "输出"),
            fm.eq(V("y", hat=True), fm.Call("σ", (fm.add(fm.dot(W(2), V("a", 1)), V("b", 2)),))),
            fm.Call("σ", (fm.num(z2[0]),)),
            fm.num(a2[0]),
            "[1×1] = [1×2][2×1] + [1×1]",
            "yhat",
        ),
        Step(
            Text("Error term at the output", "输出层误差项"),
            fm.eq(
                V("δ", 2),
                fm.had(
                    fm.Paren(fm.sub(V("y", hat=True), V("t"))), fm.Call("σ", (V("z", 2),), prime=1)
                ),
            ),
            fm.mul(
                fm.Paren(fm.sub(fm.num(a2[0]), fm.num(T_[0]))),
                fm.num(a2[0]),
                fm.Paren(fm.sub(fm.num(1), fm.num(a2[0]))),
            ),
            n(d2),
            answer_id="delta2",
            note=Text(
                "σ′(z) = a(1 − a) uses the rounded activation.",
                "σ′(z) = a(1 − a)，用四舍五入后的激活值。",
            ),
        ),
        Step(
            Text("Error term of layer 1", "第 1 层误差项"),
            fm.eq(
                V("δ", 1),
                fm.had(fm.dot(fm.T(W(2)), V("δ", 2)), fm.Call("σ", (V("z", 1),), prime=1)),
            ),
            None,
            n(d1),
            "[2×1] = [2×1][1×1] ⊙ [2×1]",
        ),
        Step(
            Text("Gradient of W⁽¹⁾", "W⁽¹⁾ 的梯度"),
            fm.eq(fm.Partial(V("L"), W(1)), fm.dot(V("δ", 1), fm.T(V("x")))),
            fm.dot(n(d1), fm.matrix([[fm.num(v) for v in X]])),
            n(gW1),
            "[2×2] = [2×1][1×2]",
            "dW1",
        ),
    )
    spec = {
        "network": {"layers": [2, 2, 1], "activation": "sigmoid", "loss": "mse"},
        "params": {"W1": W1, "b1": B1, "W2": W2, "b2": B2},
        "data": {"x": X, "t": T_},
    }
    return Problem(
        id="backward:7:calculator=True,difficulty=2,notation=" + notation,
        kind="backward",
        section="C7",
        seed=7,
        options={"difficulty": 2, "calculator": True, "notation": notation},
        title=Text("Backpropagation by hand", "手算反向传播"),
        statement=statement,
        conventions=Conventions(notation=notation, rounding=Rounding(4, True)),
        answers=answers,
        steps=steps,
        difficulty=2,
        calculator=True,
        spec=spec,
    )


def choice_problem() -> Problem:
    return Problem(
        id="activation_property:3:difficulty=1",
        kind="activation_property",
        section="C2",
        seed=3,
        options={"difficulty": 1},
        title=Text("Zero-centred activations", "零中心的激活函数"),
        statement=(
            Para((Text("Which activation is zero-centred?", "下列哪个激活函数是零中心的？"),)),
        ),
        conventions=Conventions(rounding=Rounding(None)),
        answers=(
            Answer(
                "choice",
                Text("your choice", "你的选择"),
                "B",
                "choice",
                choices=(
                    ("A", Text("logistic σ", "logistic σ")),
                    ("B", Text("tanh", "tanh")),
                    ("C", Text("ReLU", "ReLU")),
                ),
            ),
        ),
        steps=(
            Step(
                Text(
                    "tanh is odd: tanh(−x) = −tanh(x), so its outputs average around 0.",
                    "tanh 是奇函数：tanh(−x) = −tanh(x)，输出以 0 为中心。",
                ),
                fm.eq(fm.Call("tanh", (fm.Neg(V("x")),)), fm.Neg(fm.Call("tanh", (V("x"),)))),
                answer_id="choice",
            ),
        ),
    )


def expression_problem() -> Problem:
    s = fm.Call("σ", (V("x"),))
    result = fm.had(s, fm.Paren(fm.sub(fm.num(1), s)))
    return Problem(
        id="activation_derivative:5:calculator=False,difficulty=1",
        kind="activation_derivative",
        section="C2",
        seed=5,
        options={"difficulty": 1, "calculator": False},
        title=Text("Derivative of the logistic function", "logistic 函数的导数"),
        statement=(
            Para(
                (
                    Text("Differentiate ", "求导："),
                    fm.eq(
                        fm.Call("σ", (V("x"),)),
                        fm.Frac(fm.num(1), fm.add(fm.num(1), fm.Pow(V("e"), fm.Neg(V("x"))))),
                    ),
                    Text(" and write it in terms of σ(x).", "，并用 σ(x) 表示。"),
                )
            ),
        ),
        conventions=Conventions(rounding=Rounding(None)),
        answers=(
            Answer(
                "deriv",
                Text("σ′(x)", "σ′(x)"),
                "sigmoid(x)*(1 - sigmoid(x))",
                "expression",
                symbol=fm.Call("σ", (V("x"),), prime=1),
                variables=("x",),
            ),
        ),
        steps=(
            Step(
                Text("Quotient rule", "商法则"),
                fm.eq(
                    fm.Call("σ", (V("x"),), prime=1),
                    fm.Frac(
                        fm.Pow(V("e"), fm.Neg(V("x"))),
                        fm.Pow(
                            fm.Paren(fm.add(fm.num(1), fm.Pow(V("e"), fm.Neg(V("x"))))), fm.num(2)
                        ),
                    ),
                ),
                rule="quotient",
            ),
            Step(
                Text("Rewrite in terms of the output", "用输出表示"),
                fm.eq(fm.Call("σ", (V("x"),), prime=1), result),
                result=result,
                answer_id="deriv",
            ),
        ),
    )
