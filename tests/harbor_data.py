"""The committed Harbor Bank datasets as a pytest fixture, for the data tests that share them.

Import the fixture into a test module (``from harbor_data import committed``); pytest finds it
there. Loading every file once per module keeps the data tests quick.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cxlab import datasets

REPOSITORY_DATA = Path(__file__).resolve().parents[1] / "datasets"


@pytest.fixture(scope="session")  # read only by the tests: loaded once, not once per test module
def committed() -> dict[str, pd.DataFrame]:
    """Every committed dataset, loaded from the repository (whatever CXLAB_DATA_DIR says)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(datasets.DATA_DIR_VARIABLE, str(REPOSITORY_DATA))
        return {name: datasets.load(name) for name in datasets.names()}
