"""Survey design and local migration data: the tools of Module 6.

A municipal planning office can size a survey (:mod:`.sample_size`,
:mod:`.screening`), share it out between strata (:mod:`.allocation`), weight the
answers (:mod:`.weights`), estimate with confidence intervals
(:mod:`.estimates`), publish disaggregated tables that protect small groups
(:mod:`.disaggregation`, :mod:`.suppression`, with :func:`.audit` to run the
attacker on any published table), see what a convenience sample
does to the results (:mod:`.bias`) and export a questionnaire that field tools
load (:mod:`.questionnaire`). :mod:`.region` loads the course's illustrative
region, and :mod:`.public_data` real public statistics when online.

Every function checks its input and raises :class:`m4d.InputError` with a
message that says what to change.
"""
from m4d.survey.allocation import allocate
from m4d.survey.bias import BiasResult, reachability, simulate_bias
from m4d.survey.disaggregation import DISAGGREGATION_VARIABLES, cross_table, disaggregate
from m4d.survey.estimates import MIN_RESPONDENTS, Estimate, estimate, estimates_by
from m4d.survey.questionnaire import core_questions, questionnaire_sheets, write_xlsform
from m4d.survey.region import households, known_truth, municipalities
from m4d.survey.sample_size import SampleSizePlan, sample_size_mean, sample_size_proportion
from m4d.survey.screening import households_to_screen
from m4d.survey.suppression import Audit, CellInterval, SuppressedTable, audit, recoverable_cells, suppress
from m4d.survey.weights import adjust_for_nonresponse, design_weights

__all__ = [
    "Audit", "CellInterval", "audit", "MIN_RESPONDENTS",
    "BiasResult", "DISAGGREGATION_VARIABLES", "Estimate", "SampleSizePlan", "SuppressedTable",
    "adjust_for_nonresponse", "allocate", "core_questions", "cross_table", "design_weights",
    "disaggregate", "estimate", "estimates_by", "households", "households_to_screen", "known_truth",
    "municipalities", "questionnaire_sheets", "reachability", "recoverable_cells", "sample_size_mean",
    "sample_size_proportion", "simulate_bias", "suppress", "write_xlsform",
]
