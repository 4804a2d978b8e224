"""The yearly target assessment (年度目标考核), official documents, and the end of a plan.

A Scheme holds one year's assessment rules for one plan as data — which unit categories are
assessed, the weights of the process and results measures per list (departments, counties,
parks), the deduction per 督办单 and the caps on bonus and deduction items — and moves
draft → review → final. In review the computed results are frozen in Result rows and units
may object; final locks them. IssuedDocument keeps each official document the office issued
(通报, 落实情况报告, assessment result, final evaluation) with its number, and whether it is
published. FinalEvaluation (终期评估) judges each target and task once the plan has ended;
CarriedTask links a task carried over to a successor plan.

State machines are data (`TRANSITIONS`); the services are the only writers and check them.
"""

from luoshi.assessment.models.documents import IssuedDocument
from luoshi.assessment.models.evaluation import CarriedTask, EvaluationItem, FinalEvaluation
from luoshi.assessment.models.scheme import (
    Adjustment,
    Criterion,
    Group,
    Measure,
    Objection,
    Result,
    Scheme,
)

__all__ = [
    "Adjustment",
    "CarriedTask",
    "Criterion",
    "EvaluationItem",
    "FinalEvaluation",
    "Group",
    "IssuedDocument",
    "Measure",
    "Objection",
    "Result",
    "Scheme",
]
