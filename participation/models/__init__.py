from .cases import (
    Attachment,
    Case,
    CaseEvent,
    CaseFollow,
    CaseSupport,
    Evaluation,
    ResponseTemplate,
)
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
]
