"""Package list for setuptools; everything else about the build is in pyproject.toml.

``cxlab._data`` is the repository's ``datasets/`` folder (mapped in pyproject.toml), so a wheel
carries the Harbor Bank files and ``cxlab.datasets.load`` works without a checkout.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["cxlab*"]), "cxlab._data"])
