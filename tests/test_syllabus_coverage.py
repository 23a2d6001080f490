"""`studykit topics` covers every C1–C12 item of COURSE.md (issue #18).

The items are parsed out of ``../shared/COURSE.md`` when it is there (the course as it is now),
else out of the repo's copy ``docs/COURSE.md``: every bullet (sub-bullets included), every table
row and every other paragraph of a section. Each item is mapped below, by the start of its
text, to the kinds (with the option or explanation question) that ask it. An item added to the
course without a mapping fails, and so does a mapping whose item is gone or whose kind cannot
generate with those options.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studykit.problems.registry import Options, generate, get_kind

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "COURSE.md"
COPY = ROOT / "docs" / "COURSE.md"

Ask = tuple[str, dict[str, str]]


def q(section: str, question: str) -> list[Ask]:
    """The explanation question and its true/false check."""
    return [
        (f"explain_{section}", {"question": question}),
        (f"true_false_{section}", {"question": question}),
    ]


def act(*names: str) -> list[Ask]:
    return [("activation_derivative", {"activation": n}) for n in names]


#: (section, start of the item's text) → what asks it.
COVERAGE: dict[tuple[str, str], list[Ask]] = {
    ("C1", "`z = wᵀx + b`"): [("neuron", {"activation": "sigmoid"})],
    ("C1", "MP neuron"): [("neuron", {"activation": "step"})],
    ("C1", "What an activation needs"): q("c1", "c1_activation_requirements"),
    ("C2", 'Each derivative should be shown in the "exam form"'): [
        ("activation_derivative", {"form": "exam"})
    ]
    + act("sigmoid", "tanh"),  # "… uses the output a = f(z)": σ′ = a(1 − a), tanh′ = 1 − a²
    ("C2", "table: logistic σ"): act("sigmoid"),
    ("C2", "table: tanh"): act("tanh") + q("c2", "c2_tanh_vs_logistic"),
    ("C2", "table: hard-logistic"): act("hard_sigmoid"),
    ("C2", "table: hard-tanh"): act("hard_tanh"),
    ("C2", "table: ReLU"): act("relu"),
    ("C2", "table: leaky ReLU"): act("leaky_relu") + q("c2", "c2_relu_variants"),
    ("C2", "table: PReLU"): act("prelu") + q("c2", "c2_relu_variants"),
    ("C2", "table: ELU"): act("elu") + q("c2", "c2_relu_variants"),
    ("C2", "table: softplus"): act("softplus"),
    ("C2", "table: swish"): act("swish"),
    ("C2", "table: GELU"): act("gelu"),
    ("C2", "table: GELU (approximations)"): act("gelu_tanh", "gelu_sigmoid"),
    ("C2", "table: DyT"): act("dyt"),
    ("C2", "table: maxout"): q("c2", "c2_maxout"),
    ("C2", "table: softmax"): [("output_layer", {"task": "multi_class"})]
    + q("c5", "c5_softmax_cross_entropy"),
    ("C2", "Also covered: the properties"): [
        ("activation_property", {"property": p}) for p in ("saturating", "zero_centred", "sparse")
    ]
    + q("c2", "c2_saturation")
    + q("c2", "c2_zero_centred")
    + q("c2", "c2_dead_relu")
    + q("c2", "c2_relu_variants"),
    ("C3", "FNN: a DAG"): q("c3", "c3_network_families"),
    ("C3", "Memory networks"): q("c3", "c3_network_families"),
    ("C3", "Sigmoid outputs give independent"): [("output_layer", {"task": "multi_label"})]
    + q("c3", "c3_sigmoid_vs_softmax"),
    ("C3", "Softmax gives one distribution"): [("output_layer", {"task": "multi_class"})]
    + q("c3", "c3_sigmoid_vs_softmax"),
    ("C4", "`W⁽ˡ⁾` is `[n, p]`"): [("weight_shapes", {}), ("parameter_count", {"chain": "notes"})]
    + q("c4", "c4_dimension_roles"),
    ("C4", "A layer pair has"): [("parameter_count", {}), ("parameter_count", {"chain": "long"})]
    + q("c4", "c4_parameter_count"),
    ("C4", "Dimension roles"): q("c4", "c4_dimension_roles"),
    ("C5", "table: MSE (½ sum)"): [("loss_gradient", {"loss": "mse"})],
    ("C5", "table: MSE (sum or mean)"): [
        ("loss_gradient", {"loss": "mse_sum"}),
        ("loss_gradient", {"loss": "mse_mean"}),
    ],
    ("C5", "table: L1"): [("loss_gradient", {"loss": "l1"})],
    ("C5", "table: Smooth-L1"): [("loss_gradient", {"loss": "smooth_l1"})],
    ("C5", "table: cross entropy"): [("loss_gradient", {"loss": "cross_entropy"})],
    ("C5", "table: softmax + CE"): [("loss_gradient", {"loss": "softmax_cross_entropy"})]
    + q("c5", "c5_softmax_cross_entropy"),
    ("C5", "table: binary `J = −log σ(s)`"): [("loss_gradient", {"loss": "cs224n"})],
    ("C5", "Also covered: the non-convexity"): [("loss_convexity", {})]
    + q("c5", "c5_mse_sigmoid_nonconvex"),
    ("C6", "Give x, every W and b"): [
        ("forward", {"net": n}) for n in ("2-2-1", "2-2-2", "2-3-2", "3-2-1", "2-2-2-1", "cs224n")
    ],
    ("C7", "δ at the output"): [("backward", {"net": "2-2-2-1"})],
    ("C7", "`∂L/∂W`, `∂L/∂b`, and `∂L/∂x`"): [("backward", {"net": "2-3-2"})],
    ("C7", "The three-step recipe"): [("training_step", {"net": "2-2-2"})]
    + q("c7", "c7_three_step_recipe"),
    ("C7", "Element form"): [("backward", {"net": "2-2-1"})] + q("c7", "c7_why_transposes"),
    ("C7", "Why Hadamard"): [("matrix_products", {})] + q("c7", "c7_why_hadamard"),
    ("C8", "`∂(Wx)/∂W → xᵀ`"): [("gradient_shapes", {})] + q("c8", "c8_write_every_shape"),
    ("C8", "`∂L/∂W = ∂L/∂(Wx) xᵀ`"): [("gradient_shapes", {})] + q("c8", "c8_write_every_shape"),
    ("C8", "Trace identities"): [
        ("trace_identities", {"identity": i}) for i in ("derivative", "cyclic", "frobenius")
    ]
    + q("c8", "c8_trace_identities"),
    ("C8", "Shapes of derivatives"): [("tensor_shape", {})] + q("c8", "c8_tensor_shape"),
    ("C8", "a scalar by a matrix"): [("tensor_shape", {}), ("gradient_shapes", {})],
    ("C8", "a vector by a vector"): [("tensor_shape", {}), ("elementwise_jacobian", {})],
    ("C8", "a matrix by a matrix"): [("tensor_shape", {})] + q("c8", "c8_tensor_shape"),
    ("C8", "Jacobian of an elementwise map"): [("elementwise_jacobian", {})],
    ("C8", "`∂h/∂x = diag(f′(z)) W`"): [("elementwise_jacobian", {})],
    ("C8", "The exam habit"): [("gradient_shapes", {})] + q("c8", "c8_write_every_shape"),
    ("C9", "BGD, SGD and mini-batch SGD"): [
        ("gd_variants", {"variant": v}) for v in ("bgd", "sgd", "minibatch")
    ]
    + q("c9", "c9_bgd_sgd_minibatch"),
    ("C9", "Regularised risk"): [("gd_variants", {"weight_decay": True})]
    + q("c9", "c9_weight_decay"),
    ("C9", "One-step updates by hand"): [("optimizer_step", {})],
    ("C9", "table: Momentum"): [("optimizer_step", {"optimizer": "momentum"})]
    + q("c9", "c9_momentum"),
    ("C9", "table: Weight decay"): [("optimizer_step", {"weight_decay": True})]
    + q("c9", "c9_weight_decay"),
    ("C9", "table: AdaGrad"): [("optimizer_step", {"optimizer": "adagrad"})]
    + q("c9", "c9_adagrad_rmsprop"),
    ("C9", "table: RMSprop"): [("optimizer_step", {"optimizer": "rmsprop"})]
    + q("c9", "c9_adagrad_rmsprop"),
    ("C9", "table: Adam"): [
        ("optimizer_step", {"optimizer": o}) for o in ("adam", "adam_no_bias", "adam_notes")
    ]
    + q("c9", "c9_adam_bias_correction"),
    ("C9", "Learning-rate schedules"): [
        ("lr_schedule", {"schedule": s}) for s in ("step", "exponential")
    ]
    + q("c9", "c9_lr_schedules"),
    ("C10", "Zero init fails"): [("zero_init_symmetry", {})] + q("c10", "c10_zero_init_symmetry"),
    ("C10", "Random normal and uniform"): [("init_variance", {"init": "xavier_uniform"})]
    + q("c10", "c10_random_init"),
    ("C10", "Xavier"): [("init_variance", {"init": i}) for i in ("xavier_normal", "xavier_uniform")]
    + q("c10", "c10_xavier_he"),
    ("C10", "Kaiming/He"): [
        ("init_variance", {"init": i}) for i in ("kaiming_normal", "kaiming_uniform")
    ]
    + q("c10", "c10_xavier_he"),
    ("C10", "Biases start at 0"): q("c10", "c10_random_init") + q("c10", "c10_zero_init_symmetry"),
    ("C11", "`σ′ ≤ ¼`"): [("vanishing_gradient", {"regime": "vanishing"})]
    + q("c11", "c11_vanishing_sigmoid"),
    ("C11", "Explosion when"): [("vanishing_gradient", {"regime": "exploding"})]
    + q("c11", "c11_vanishing_sigmoid"),
    ("C11", "Remedies"): q("c11", "c11_remedies") + q("c11", "c11_relu_helps"),
    ("C12", "Numerical differentiation:"): [("finite_difference", {})],
    ("C12", "forward difference"): [("finite_difference", {"function": "square"})]
    + q("c12", "c12_forward_vs_central"),
    ("C12", "central difference"): [("finite_difference", {"function": "cube"})]
    + q("c12", "c12_forward_vs_central"),
    ("C12", "cost O(n²)"): [("finite_difference_cost", {})] + q("c12", "c12_numerical_cost"),
    ("C12", "Symbolic differentiation"): q("c12", "c12_symbolic_pros_cons")
    + q("c12", "c12_symbolic_vs_automatic"),
    ("C12", "Automatic differentiation"): [("autodiff_modes", {})]
    + q("c12", "c12_forward_vs_reverse_mode")
    + q("c12", "c12_static_vs_dynamic_graphs"),
    ("C12", "Worked example of forward mode"): [("autodiff_modes", {})],
}


def course_items(text: str) -> list[tuple[str, str]]:
    """(section, text) of every bullet, table row (as ``table: <first cell>``, header and rule
    skipped) and other paragraph under the ``## C1`` … ``## C12`` headings; continuation lines
    join their item and whitespace is collapsed."""
    items: list[tuple[str, str]] = []
    section: str | None = None
    current: list[str] | None = None
    bullet = in_table = False

    def flush() -> None:
        nonlocal current
        if current is not None and section is not None:
            items.append((section, " ".join(" ".join(current).split())))
        current = None

    for line in text.splitlines():
        stripped = line.strip()
        if line.startswith("## "):
            flush()
            match = re.match(r"## (C\d+)\b", line)
            section, in_table = (match.group(1) if match else None), False
            continue
        if section is None:
            continue
        if not stripped:
            flush()
            in_table = False
        elif stripped.startswith("|"):
            flush()
            if not in_table:
                in_table = True  # the header row
            elif not re.fullmatch(r"\|[\s\-|:]+\|", stripped):
                items.append((section, "table: " + stripped.strip("|").split("|")[0].strip()))
        elif re.match(r"\s*- ", line):
            flush()
            current, bullet = [re.sub(r"^\s*- ", "", line)], True
        elif current is not None and (line.startswith(" ") or not bullet):
            current.append(stripped)
        else:
            flush()
            current, bullet = [stripped], False
    flush()
    return items


def course_text() -> str:
    return (SHARED if SHARED.exists() else COPY).read_text(encoding="utf-8")


def mapping_for(section: str, text: str) -> list[tuple[str, str]]:
    """The COVERAGE keys whose start this item has (longest first)."""
    keys = [k for k in COVERAGE if k[0] == section and text.startswith(k[1])]
    return sorted(keys, key=lambda k: -len(k[1]))


def test_every_course_item_is_asked_by_a_kind() -> None:
    items = course_items(course_text())
    assert len(items) >= 70 and {s for s, _ in items} == {f"C{i}" for i in range(1, 13)}
    missing = [f"{s}: {t}" for s, t in items if not mapping_for(s, t)]
    assert not missing, "course items no kind asks:\n" + "\n".join(missing)


def test_every_mapping_names_a_course_item() -> None:
    items = course_items(course_text())
    used = {mapping_for(s, t)[0] for s, t in items if mapping_for(s, t)}
    stale = [f"{s}: {start}" for s, start in COVERAGE if (s, start) not in used]
    assert not stale, "mapped items that are not in COURSE.md:\n" + "\n".join(stale)


@pytest.mark.parametrize(
    "ask", sorted({(k, tuple(sorted(o.items()))) for asks in COVERAGE.values() for k, o in asks})
)
def test_every_mapped_kind_generates_with_its_option(ask: tuple[str, tuple]) -> None:
    kind, options = ask
    problem = generate(kind, 0, Options(extra=dict(options)))
    assert problem.kind == kind and get_kind(kind).name == kind
    if "question" in dict(options):
        assert problem.answers[0].kind in ("explain", "choice")


def test_the_copy_is_the_course_when_the_course_is_here() -> None:
    if not SHARED.exists():
        pytest.skip("../shared/COURSE.md is not here; the copy is the reference")
    assert COPY.read_text(encoding="utf-8") == SHARED.read_text(encoding="utf-8")


def test_a_new_bullet_without_a_kind_fails() -> None:
    text = re.sub(
        r"(## C5 [^\n]*\n)", r"\1- Focal loss and its gradient.\n", course_text(), count=1
    )
    items = course_items(text)
    assert ("C5", "Focal loss and its gradient.") in items
    assert not mapping_for("C5", "Focal loss and its gradient.")


def test_the_parser_reads_bullets_tables_and_paragraphs() -> None:
    items = course_items(course_text())
    assert ("C1", "MP neuron: a step activation.") in items
    assert ("C2", "table: maxout") in items and ("C9", "table: Adam") in items
    assert ("C8", "a matrix by a matrix is a 4th-order tensor.") in items
    assert any(
        t.startswith("Also covered: the properties") and "variant was introduced" in t
        for s, t in items
    )
    assert any(s == "C6" and "cs224n `s = uᵀ f(Wx+b)` network" in t for s, t in items)
