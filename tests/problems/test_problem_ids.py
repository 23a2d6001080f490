"""Short problem ids (issue #13): every problem's id reads back to the same problem."""

from __future__ import annotations

import pytest

from studykit.problems.ids import ProblemIdError, find_options, find_problem, option_space
from studykit.problems.model import short_code, short_id
from studykit.problems.registry import Options, all_kinds, generate

KINDS = [k.name for k in all_kinds()]


@pytest.mark.parametrize("kind", KINDS)
def test_short_and_long_ids_read_back(kind: str) -> None:
    options = [Options(), Options(difficulty=2, calculator=False, notation="bracket")]
    for opts in options:
        problem = generate(kind, 11, opts)
        ident = short_id(problem)
        assert ident.startswith(f"{kind}-11-") and ident.split("-")[-1] == short_code(problem.id)
        assert find_problem(ident).id == problem.id
        assert find_options(problem.id)[2].as_dict() == problem.options


def test_the_option_space_covers_every_extra_option() -> None:
    spaces = {k.name: list(option_space(k.name)) for k in all_kinds()}
    for kind in all_kinds():
        for name, choices in kind.extra_options.items():
            seen = {o.extra.get(name) for o in spaces[kind.name]}
            assert seen == {None, *choices}


def test_an_option_is_part_of_the_id() -> None:
    plain = generate("backward", 103, Options(extra={"net": "2-2-1"}))
    other = generate("backward", 103, Options(extra={"net": "2-3-2"}))
    assert short_id(plain) != short_id(other)
    assert find_problem(short_id(other)).options["net"] == "2-3-2"


@pytest.mark.parametrize(
    "text", ["backward-103-zzzzz", "nosuchkind-1-abcde", "backward", "", "x:y"]
)
def test_unknown_ids_are_refused_in_both_languages(text: str) -> None:
    with pytest.raises(ProblemIdError) as info:
        find_problem(text)
    assert "no problem has the id" in info.value.text.en and "没有编号为" in info.value.text.zh


def test_an_ambiguous_prefix_is_refused() -> None:
    problem = generate("activation_derivative", 5, Options())
    with pytest.raises(ProblemIdError) as info:
        find_problem(short_id(problem)[:-4])  # one character of the code fits many problems
    assert "fits" in info.value.text.en and "long id" in info.value.text.en
    assert "对应" in info.value.text.zh
