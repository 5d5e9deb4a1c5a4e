"""The facts of the Harbor Bank (港湾银行) universe that code in every layer refers to, written once.

Harbor Bank is fictional. The data generator, the loader's checks, the data card, the charts and the
explorers all take these dates from here, so the story cannot drift between them. Strings, not
timestamps, so importing this module costs nothing.

>>> SMART_CHANGE_DAY < FULL_EFFECT_DAY
True
"""

#: First and last day of the simulated period.
FIRST_DAY = "2024-01-01"
LAST_DAY = "2025-12-31"
#: Data cut-off: nothing in the files happens after this moment (open complaints are open here).
CUTOFF = "2025-12-31 23:59:59"

#: The twelve smart branches work in their new form from this day (kiosks, tablets, fewer counters).
SMART_CHANGE_DAY = "2025-07-01"
#: The NPS gain shows from here: the one-to-two-month lag after the change. July and August are the
#: "transition" period; from this day on is "after".
FULL_EFFECT_DAY = "2025-09-01"

#: The names of the three periods, in order, as the datasets' ``period`` column spells them.
PERIODS = ("before", "transition", "after")
