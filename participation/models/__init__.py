from .cases import (
    Attachment,
    Case,
    CaseEvent,
    CaseFollow,
    CaseSupport,
    Evaluation,
    ResponseTemplate,
)
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
