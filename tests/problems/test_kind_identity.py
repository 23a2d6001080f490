"""A problem's kind and section are written once, in its registered Kind: ``generate`` gives the
built problem that identity (builders leave it blank), with the seed and the id."""

from __future__ import annotations

from studykit.problems.model import problem_id
from studykit.problems.registry import GenerationError, Options, all_kinds, generate


def test_every_problem_carries_the_identity_of_its_kind() -> None:
    for kind in all_kinds():
        for calculator in (True, False):
            options = Options(calculator=calculator)
            try:
                problem = generate(kind.name, 7, options)
            except GenerationError:  # a mode the kind refuses
                continue
            assert (problem.kind, problem.section) == (kind.name, kind.section)
            assert problem.seed == 7
            assert problem.id == problem_id(kind.name, 7, options.as_dict())


def test_every_kind_module_is_imported_by_the_package() -> None:
    """kinds/__init__.py names its modules; one left out would register no kinds."""
    import pkgutil
    import sys

    import studykit.problems.kinds as kinds

    listed = {m.name for m in pkgutil.iter_modules(kinds.__path__) if not m.name.startswith("_")}
    missing = {name for name in listed if f"{kinds.__name__}.{name}" not in sys.modules}
    assert not missing, f"add to studykit/problems/kinds/__init__.py: {sorted(missing)}"
