"""Fixtures: hand-built problems (see :mod:`.hand`)."""

from __future__ import annotations

import pytest

from studykit.problems.model import Problem

from .hand import backprop_problem, choice_problem, expression_problem


@pytest.fixture
def backprop() -> Problem:
    return backprop_problem()


@pytest.fixture
def choice() -> Problem:
    return choice_problem()


@pytest.fixture
def expression() -> Problem:
    return expression_problem()


@pytest.fixture
def hand_problems() -> list[Problem]:
    return [backprop_problem(), choice_problem(), expression_problem()]
