from .cases import (
    Attachment,
    Case,
    CaseEvent,
    CaseFollow,
    CaseSupport,
    Evaluation,
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
    "CaseEvent",
    "CaseFollow",
    "CaseMonthlyStat",
    "CaseSupport",
    "Category",
    "Community",
    "Department",
    "DepartmentMembership",
    "Evaluation",
    "Grid",
    "GridMembership",
    "Platform",
    "ResponseTemplate",
    "hash_key",
]
