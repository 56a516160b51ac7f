from .cases import (
    Attachment,
    Case,
    CaseAssist,
    CaseEvent,
    CaseFollow,
    CaseSupport,
    CaseUpdate,
    Evaluation,
    EvaluationLink,
    ResponseTemplate,
)
from .open311 import ApiKey, CategoryAttribute, Open311Request, hash_key
from .statistics import CaseMonthlyStat
from .structure import (
    Category,
    Community,
    Department,
    DepartmentMembership,
    Grid,
    GridMembership,
    Platform,
)

__all__ = [
    "ApiKey",
    "CategoryAttribute",
    "Open311Request",
    "Attachment",
    "Case",
    "CaseAssist",
    "CaseEvent",
    "CaseFollow",
    "CaseMonthlyStat",
    "CaseSupport",
    "CaseUpdate",
    "Category",
    "Community",
    "Department",
    "DepartmentMembership",
    "Evaluation",
    "EvaluationLink",
    "Grid",
    "GridMembership",
    "Platform",
    "ResponseTemplate",
    "hash_key",
]
