"""NumPy helpers of the catalog's float route: overflow-safe σ, softmax, erf, Φ and φ."""

from __future__ import annotations

import math

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) = 1/(1+e^{−x}), computed without overflow on either side."""
    x = np.asarray(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(x.dtype, copy=False)


def softmax(x: np.ndarray) -> np.ndarray:
    """softmax(x)_i = e^{x_i} / Σ_j e^{x_j}, along the last axis, shifted by the max."""
    shifted = x - x.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(y: np.ndarray) -> np.ndarray:
    """log softmax(y), shifted by the max."""
    shifted = y - y.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


_erf_object = np.frompyfunc(math.erf, 1, 1)


def erf(x: np.ndarray) -> np.ndarray:
    """The error function, element-wise, from the C library's ``erf`` (correct to an ulp)."""
    x = np.asarray(x)
    return _erf_object(x).astype(x.dtype if x.dtype.kind == "f" else np.float64)


def normal_cdf(x: np.ndarray) -> np.ndarray:
    """Φ(x) = ½(1 + erf(x/√2))."""
    return 0.5 * (1.0 + erf(x / math.sqrt(2.0)))


def normal_pdf(x: np.ndarray) -> np.ndarray:
    """φ(x) = e^{−x²/2}/√(2π)."""
    return np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


def indicator(mask: np.ndarray, like: np.ndarray) -> np.ndarray:
    """A boolean mask as 0/1 in the dtype of ``like``."""
    return mask.astype(like.dtype)
