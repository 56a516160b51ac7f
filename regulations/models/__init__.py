from .follows import RegulationFollow, StageChange
from .opinions import Opinion, OpinionAgreement, OpinionFlag, OpinionReply
from .pages import RegulationIndexPage, RegulationPage
from .responses import ArticleSummary, OpinionAnswer, RegulationResponse
from .reviews import ExpertReview
from .versions import RegulationVersion

__all__ = [
    "ExpertReview",
    "RegulationFollow",
    "ArticleSummary",
    "OpinionAnswer",
    "RegulationResponse",
    "Opinion",
    "OpinionAgreement",
    "OpinionFlag",
    "OpinionReply",
    "RegulationIndexPage",
    "RegulationPage",
    "RegulationVersion",
    "StageChange",
]
