"""The NumPy backprop engine: a recorded forward/backward pass, optimisers, initialisers,
gradient checking and toy data. No SymPy, no Textual."""

from .gradcheck import GradcheckError, gradcheck
from .network import DenseLayer, LayerTrace, Network, Trace
from .optim import make_optimizer, optimizer_from_spec

__all__ = [
    "DenseLayer",
    "GradcheckError",
    "LayerTrace",
    "Network",
    "Trace",
    "gradcheck",
    "make_optimizer",
    "optimizer_from_spec",
]
