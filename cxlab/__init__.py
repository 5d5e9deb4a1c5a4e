"""CX Lab: service experience management, taught with graded notebooks on Harbor Bank data.

Importing the package is light on purpose: heavy modules (matplotlib, ipywidgets, statsmodels,
nbgrader) load only when a function that needs them is called.
"""

__version__ = "0.1.0"
