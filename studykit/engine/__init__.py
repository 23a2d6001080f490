"""The NumPy backprop engine: a recorded forward/backward pass, optimisers, initialisers,
gradient checking and toy data. No SymPy, no Textual."""

from .gradcheck import GradcheckError, gradcheck
from .network import DenseLayer, LayerTrace, Network, Trace, TrainingStep
from .optim import make_optimizer, optimizer_from_spec

__all__ = [
    "DenseLayer",
    "GradcheckError",
    "LayerTrace",
    "Network",
    "Trace",
    "TrainingStep",
    "gradcheck",
    "make_optimizer",
    "optimizer_from_spec",
]
