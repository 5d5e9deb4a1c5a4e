"""Test-wide settings. The facts about the kit's layout live in kit.py."""

import os

# Notebook kernels started by the tests inherit this: charts render off-screen, never in a window.
os.environ.setdefault("MPLBACKEND", "Agg")
