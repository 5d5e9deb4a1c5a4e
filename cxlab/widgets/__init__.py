"""Interactive explorers for the lectures, one module a topic.

An explorer computes nothing itself: it wires ipywidgets controls to an analytics function (which
is unit-tested and has a doctest there) and draws the answer with :mod:`cxlab.plots`. Controls are
stacked above what they change so every label and value stays readable in a narrow notebook.

What lives where (explorer -> the analytics it calls):

- ``_layout``        the shared layout: stacked controls, uncut labels, HTML tables, redrawing a chart
- ``orientation``    Module 0: ``branch_explorer`` -> :func:`cxlab.branches.branch_profile`
- ``foundations``    Module 1: ``disconfirmation_explorer``, ``satisfaction_split_explorer``
                     -> :mod:`cxlab.experience`
- ``journey``        Module 2: ``journey_explorer`` -> :func:`cxlab.journey.journey_curve`
- ``nps``            Module 3: ``nps_interval_explorer`` -> :func:`cxlab.nps.nps_interval`
- ``servqual``       Module 4: ``servqual_weights_explorer`` -> :func:`cxlab.priorities.weighted_priorities`
- ``transformation`` Module 8: ``transformation_explorer`` -> :func:`cxlab.transformation.did_estimate`
                     -> :mod:`cxlab.effects`

Every name notebooks and tests used before the split is re-exported here (the analytics names too,
e.g. ``from cxlab.widgets import nps_interval``), so existing notebooks need no edit; new code should
import the analytics from their own modules. ipywidgets and matplotlib are imported inside the
explorers, so ``import cxlab.widgets`` stays light.
"""

from cxlab.widgets.complaints import SLA_GROUPS, sla_explorer, sla_html
from cxlab.widgets.evaluation import ahp_explorer, ahp_html, saaty_label
from cxlab.widgets.foundations import (
    DISCONFIRMATION_CLASSES,
    DisconfirmationOutcome,
    SatisfactionSplit,
    disconfirmation_class,
    disconfirmation_explorer,
    disconfirmation_outcome,
    outcome_html,
    satisfaction_split,
    satisfaction_split_explorer,
    split_html,
)
from cxlab.widgets.journey import JourneyCurve, journey_curve, journey_curve_html, journey_explorer
from cxlab.widgets.nps import NPSInterval, nps_interval, nps_interval_explorer, nps_interval_html
from cxlab.widgets.orientation import BranchProfile, branch_explorer, branch_profile, profile_html
from cxlab.widgets.queues import branch_day_html, queue_explorer
from cxlab.widgets.servqual import WeightedPriorities, priorities_html, servqual_weights_explorer, weighted_priorities
from cxlab.widgets.transformation import (
    DID_AFTER_MONTHS,
    DID_OUTCOMES,
    DID_SEGMENTS,
    TRANSFORMATION_DATE,
    DidEstimate,
    did_estimate,
    did_html,
    transformation_explorer,
)

__all__ = [
    "branch_day_html", "queue_explorer",
    "SLA_GROUPS", "ahp_explorer", "ahp_html", "saaty_label", "sla_explorer", "sla_html",
    "DID_AFTER_MONTHS", "DID_OUTCOMES", "DID_SEGMENTS", "DISCONFIRMATION_CLASSES", "TRANSFORMATION_DATE",
    "BranchProfile", "DidEstimate", "DisconfirmationOutcome", "JourneyCurve", "NPSInterval", "SatisfactionSplit",
    "WeightedPriorities",
    "branch_explorer", "branch_profile", "did_estimate", "did_html", "disconfirmation_class",
    "disconfirmation_explorer", "disconfirmation_outcome", "journey_curve", "journey_curve_html",
    "journey_explorer", "nps_interval", "nps_interval_explorer", "nps_interval_html", "outcome_html",
    "priorities_html", "profile_html", "satisfaction_split", "satisfaction_split_explorer",
    "servqual_weights_explorer", "split_html", "transformation_explorer", "weighted_priorities",
]
