"""One module per group of problem kinds; importing this package registers them all.

Modules are imported in a fixed order so that the registry is the same on every run.
"""

import importlib
import pkgutil

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if not _module.startswith("_"):
        importlib.import_module(f"{__name__}.{_module}")
