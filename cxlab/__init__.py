"""CX Lab: service experience management, taught with graded notebooks on Harbor Bank data.

Importing the package is light on purpose: heavy modules (matplotlib, ipywidgets, statsmodels,
nbgrader) load only when a function that needs them is called.

Imported inside a Jupyter kernel, it also turns on friendly errors (``cxlab.friendly``) unless
grading (``CXLAB_GRADING=1``) or opted out (``CXLAB_FRIENDLY=0``). ``cxlab.use_language("zh-CN")`` makes
what the library says (checks, hints, chart text) Chinese (:mod:`cxlab.lang`).
"""

import sys as _sys

from cxlab.lang import use_language  # the Chinese notebooks' setup cell: cxlab.use_language("zh-CN")

__version__ = "0.1.0"

# Only a Jupyter kernel has ipykernel loaded; elsewhere the friendly-errors module is not even imported.
if "ipykernel" in _sys.modules:
    from cxlab.friendly import install_in_kernel as _install_friendly_errors

    _install_friendly_errors()
