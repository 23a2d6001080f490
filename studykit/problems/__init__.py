"""Problem kinds, the seeded sampler and the verified worked solutions (plain data)."""

from .model import Answer, Conventions, Problem, Rounding, Step, Tolerance
from .registry import GenerationError, Options, all_kinds, generate, get_kind

__all__ = [
    "Answer",
    "Conventions",
    "GenerationError",
    "Options",
    "Problem",
    "Rounding",
    "Step",
    "Tolerance",
    "all_kinds",
    "generate",
    "get_kind",
]
