"""Hard limits on what a student may type, and a killable time limit for symbolic work.

Parsing and numeric evaluation are linear in the (capped) input, so only SymPy's simplification
can run away; it runs in a forked child process that is killed at the deadline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MAX_LENGTH = 1000  # characters of one answer
MAX_TOKENS = 400
MAX_DEPTH = 40  # nesting of brackets / operators
MAX_DIGITS = 40  # digits of one number literal
MAX_DECIMAL_EXPONENT = 300  # 1e300 is fine, 1e301 is refused
MAX_CONSTANT = 1e100  # largest magnitude of a constant sub-expression (e.g. 9^9^9 is refused)
MAX_POWER = 64  # largest |exponent| of a constant exponent applied to a variable
MAX_MATRIX_ENTRIES = 400
SYMBOLIC_TIMEOUT = 1.5  # seconds for one simplification


class Timeout(Exception):
    """The computation did not finish within its time limit."""


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    import pickle

    try:
        conn.send((True, fn(*args)))
    except BaseException as exc:  # noqa: BLE001 - report any failure to the parent
        try:
            conn.send((False, repr(exc)))
        except (pickle.PicklingError, OSError):
            pass
    finally:
        conn.close()


def run_with_timeout(fn: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> Any:
    """``fn(*args)`` in a child process, killed after ``timeout`` s (raises :class:`Timeout`).

    ``fn`` must be a module-level function; its arguments and result must pickle. An exception
    in the child is re-raised here as ``RuntimeError``.
    """
    import multiprocessing as mp  # only when SymPy is needed: it costs 5 ms to import

    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, args), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise Timeout(f"no result within {timeout} s")
        ok, value = parent.recv()
    except EOFError:
        raise RuntimeError("the worker process died") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(1)
        parent.close()
    if not ok:
        raise RuntimeError(value)
    return value
