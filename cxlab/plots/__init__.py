"""Charts the lectures draw, each with a title, labelled axes and units; one module a topic.

What lives where:

- ``_look``          the shared look: colours, text wrapping, the "(simulated)" label
- ``common``         charts any module uses: ``trend_by_group``, ``mean_by_level``, ``heatmap``,
                     ``ranked_bars``, ``column_bars``, ``grouped_bars``
- ``journey``        Module 2: ``journey_map``, ``service_blueprint`` (``BLUEPRINT_LANES``, ``BLUEPRINT_LINES``),
                     ``emotion_by_group``, ``score_vs_rating``, ``moments_of_truth``
- ``nps``            Module 3: ``nps_intervals``, ``pdca_cycle`` (``PDCA_STAGES``), ``answer_distribution``,
                     ``hours_to_contact``, ``gain_by_outcome``
- ``servqual``       Module 4: ``radar``, ``ipa_chart``, ``weighted_gap_bars``, ``item_gap_bars``,
                     ``expectation_perception``
- ``transformation`` Module 8: ``before_after_bars``, ``effects_with_margin``
- ``cases``          case studies: ``linked_scatter`` (service-profit chain), ``closing_curve``

Every name is re-exported here, so ``from cxlab import plots; plots.journey_map(...)`` works. Charts
draw what the analytics modules compute; they load no files and compute no statistic of their
own. matplotlib is imported inside each function so that ``import cxlab.plots`` stays light.
"""

from cxlab.plots._look import simulated
from cxlab.plots.cases import closing_curve, linked_scatter
from cxlab.plots.common import column_bars, grouped_bars, heatmap, mean_by_level, ranked_bars, trend_by_group
from cxlab.plots.complaints import pareto_chart, recovery_chart, sla_bars
from cxlab.plots.evaluation import ahp_weights, driver_chart, loadings_map, ranking_ranges, scree_plot
from cxlab.plots.journey import (
    BLUEPRINT_LANES, BLUEPRINT_LINES, emotion_by_group, journey_map, moments_of_truth, score_vs_rating, service_blueprint,
)
from cxlab.plots.nps import PDCA_STAGES, answer_distribution, gain_by_outcome, hours_to_contact, nps_intervals, pdca_cycle
from cxlab.plots.queues import (
    LEAN_CLASSES, arrivals_and_waits, littles_law_check, process_map, queue_through_the_day, staffing_bars, waits_by_hour,
)
from cxlab.plots.servqual import expectation_perception, ipa_chart, item_gap_bars, radar, weighted_gap_bars
from cxlab.plots.transformation import before_after_bars, effects_with_margin

__all__ = [
    "closing_curve", "linked_scatter",
    "LEAN_CLASSES", "arrivals_and_waits", "littles_law_check", "process_map", "queue_through_the_day",
    "staffing_bars", "waits_by_hour",
    "pareto_chart", "recovery_chart", "sla_bars",
    "ahp_weights", "driver_chart", "loadings_map", "ranking_ranges", "scree_plot",
    "BLUEPRINT_LANES", "BLUEPRINT_LINES", "PDCA_STAGES",
    "answer_distribution", "emotion_by_group", "expectation_perception", "gain_by_outcome", "grouped_bars",
    "hours_to_contact", "item_gap_bars", "moments_of_truth", "score_vs_rating",
    "before_after_bars", "column_bars", "effects_with_margin", "heatmap", "ipa_chart", "journey_map",
    "mean_by_level", "nps_intervals", "pdca_cycle", "radar", "ranked_bars", "service_blueprint",
    "simulated", "trend_by_group", "weighted_gap_bars",
]
