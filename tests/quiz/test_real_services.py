"""The quiz on the real services (issue #11): the real generator, checker and renderers, end to
end. Only the seed is fixed, so the problem is known."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from studykit.quiz.app import create_app
from studykit.quiz.services import Services
from studykit.quiz.widgets.part import PartField


async def test_c7_problem_typical_mistake_is_diagnosed(tmp_path: Path) -> None:
    app = create_app(tmp_path, lang="en", services=Services(new_seed=lambda: 5), topic="C7")
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        problem = app.session.problem
        assert problem.kind == "backward" and problem.section == "C7"
        statement = str(app.screen.query_one("#statement", Static).render())
        assert "x = [" in statement and "loss function: mean squared error" in statement
        assert app.screen.has_class("-wide")  # two panes at 160 columns
        index = [a.id for a in problem.answers].index("delta2")
        a2 = problem.answer("a2").value
        t = problem.spec["data"]["t"]
        forgot_fprime = [f"{y - target:.4f}" for y, target in zip(a2, t, strict=True)]
        field = app.screen.query_one(f"#field-{index}", PartField)
        for c, value in enumerate(forgot_fprime):
            box = app.screen.query_one(f"#cell-{index}-0-{c}", Input)
            box.focus()
            await pilot.pause()
            await pilot.press(*value)
        await pilot.press("enter")
        await pilot.pause()
        assert field.has_class("-wrong")
        feedback = str(field.query_one(".feedback", Static).render())
        assert "Likely mistake: forgot f′(z)" in feedback
        assert "Diagnosis: The error term needs the activation's derivative" in feedback
        attempt = app.session.store.attempts(problem.id)[-1]
        assert (attempt.answer_id, attempt.correct, attempt.mistake) == (
            "delta2",
            False,
            "forgot_fprime",
        )
        assert app.session.tally().totals() == [("forgot_fprime", 1)]


@pytest.mark.parametrize("size", [(80, 24), (100, 32), (160, 45)])
async def test_a_real_problem_opens_with_its_first_box_focused_on_screen(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = create_app(tmp_path, lang="en", services=Services(new_seed=lambda: 7), topic="C7")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        focused = app.screen.focused
        assert isinstance(focused, Input) and focused.id == "cell-0-0-0"
        parts = app.screen.query_one("#parts").region
        box = focused.region
        assert parts.contains_region(box) and box.width >= 20
        wide = size[0] >= 120
        assert app.screen.has_class("-wide") is wide
        assert app.screen.query_one("#statement-pane").display is wide  # compact: ctrl+o
        givens = app.screen.query_one("#givens", Static)
        if not wide:  # the givens strip, pinned above the parts, on at most two lines
            text = str(givens.render())
            assert text.startswith("x = [") and "W⁽¹⁾ = [" in text and len(text.splitlines()) <= 2
            assert givens.region.bottom <= parts.y


def test_real_evaluate_shows_the_value_of_a_typed_formula() -> None:
    """The preview under a box evaluates a formula without variables (compared with math)."""
    import math

    from studykit.quiz.services import Services

    evaluate = Services().evaluate
    assert abs(evaluate("1-tanh(1.1)^2") - (1 - math.tanh(1.1) ** 2)) < 1e-12
    assert abs(evaluate("0.5*(1-0.5)") - 0.25) < 1e-12
    assert evaluate("x + 1") is None
    assert evaluate("1 +") is None
