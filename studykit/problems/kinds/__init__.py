"""One module (or subpackage, split along its seams) per group of problem kinds; importing this
package registers them all.

Modules are imported in sorted order so that the registry is the same on every run; a
subpackage registers its kinds in its ``__init__``. ``_``-modules are shared helpers, not kinds.
"""

import importlib
import pkgutil

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if not _module.startswith("_"):
        importlib.import_module(f"{__name__}.{_module}")
