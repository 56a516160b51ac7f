from .appraisal import AppraisalScheme, DepartmentScorecard
from .bulletins import BulletinIndexPage, BulletinPage
from .campaigns import (
    Campaign,
    CampaignCase,
    CampaignFollow,
    CampaignReport,
    Hotspot,
    HotspotRule,
)
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
from .leadership import ProblemList, ProblemListItem
from .open311 import ApiKey, CategoryAttribute, Open311Request, hash_key
from .organisation import GridMessage, HousekeeperApplication
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
    "BulletinIndexPage",
    "BulletinPage",
    "ApiKey",
    "GridMessage",
    "HousekeeperApplication",
    "Campaign",
    "CampaignCase",
    "CampaignFollow",
    "CampaignReport",
    "Hotspot",
    "HotspotRule",
    "AppraisalScheme",
    "DepartmentScorecard",
    "ProblemList",
    "ProblemListItem",
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
