"""Every dataset's columns and row checks, in the order the data card lists the datasets.

Each dataset has a module of its own (``cxlab/datasets/<name>.py``) holding its columns
(``COLUMNS``) and the checks across its columns (``check_rows``); this module gathers them.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from cxlab.datasets import (
    branches,
    complaints,
    kpi_monthly,
    nps_followups,
    nps_survey,
    queue_log,
    servqual_survey,
    staff_survey,
    visits,
)
from cxlab.datasets.columns import Column

_MODULES = {
    "branches": branches,
    "nps_survey": nps_survey,
    "nps_followups": nps_followups,
    "servqual_survey": servqual_survey,
    "visits": visits,
    "complaints": complaints,
    "queue_log": queue_log,
    "kpi_monthly": kpi_monthly,
    "staff_survey": staff_survey,
}

SCHEMAS: dict[str, dict[str, Column]] = {name: module.COLUMNS for name, module in _MODULES.items()}
ROW_CHECKS: dict[str, Callable[[str, pd.DataFrame], None]] = {
    name: module.check_rows for name, module in _MODULES.items()
}
