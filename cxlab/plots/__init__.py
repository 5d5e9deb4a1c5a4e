"""Charts the lectures draw, each with a title, labelled axes and units; one module a topic.

What lives where:

- ``_look``          the shared look: colours, text wrapping, the "(simulated)" label
- ``common``         charts any module uses: ``trend_by_group``, ``mean_by_level``, ``heatmap``,
                     ``ranked_bars``, ``column_bars``
- ``journey``        Module 2: ``journey_map``, ``service_blueprint`` (``BLUEPRINT_LANES``, ``BLUEPRINT_LINES``)
- ``nps``            Module 3: ``nps_intervals``, ``pdca_cycle`` (``PDCA_STAGES``)
- ``servqual``       Module 4: ``radar``, ``ipa_chart``, ``weighted_gap_bars``
- ``transformation`` Module 8: ``before_after_bars``, ``effects_with_margin``
- ``cases``          case studies: ``linked_scatter`` (service-profit chain), ``closing_curve``

Every name is re-exported here, so ``from cxlab import plots; plots.journey_map(...)`` works. Charts
draw what the analytics modules compute; they load no files and compute no statistic of their
own. matplotlib is imported inside each function so that ``import cxlab.plots`` stays light.
"""

from cxlab.plots._look import simulated
from cxlab.plots.cases import closing_curve, linked_scatter
from cxlab.plots.common import column_bars, heatmap, mean_by_level, ranked_bars, trend_by_group
from cxlab.plots.journey import BLUEPRINT_LANES, BLUEPRINT_LINES, journey_map, service_blueprint
from cxlab.plots.nps import PDCA_STAGES, nps_intervals, pdca_cycle
from cxlab.plots.servqual import ipa_chart, radar, weighted_gap_bars
from cxlab.plots.transformation import before_after_bars, effects_with_margin

__all__ = [
    "BLUEPRINT_LANES", "BLUEPRINT_LINES", "PDCA_STAGES",
    "before_after_bars", "closing_curve", "column_bars", "effects_with_margin", "heatmap", "ipa_chart", "journey_map",
    "linked_scatter", "mean_by_level", "nps_intervals", "pdca_cycle", "radar", "ranked_bars", "service_blueprint",
    "simulated", "trend_by_group", "weighted_gap_bars",
]
