"""studykit: backpropagation by hand, checked to the last digit."""

__version__ = "0.1.0"
