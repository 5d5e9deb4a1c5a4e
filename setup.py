"""Package list for setuptools; everything else about the build is in pyproject.toml.

``cxlab._data`` is the repository's ``datasets/`` folder and ``cxlab._locale`` its ``locale/`` folder
(both mapped in pyproject.toml), so a wheel carries the Harbor Bank files and the library's Chinese
sentences, and ``cxlab.datasets.load`` and ``cxlab.lang`` work without a checkout.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["cxlab*"]), "cxlab._data", "cxlab._locale"])
