from .opinions import Opinion, OpinionAgreement, OpinionFlag, OpinionReply
from .pages import RegulationIndexPage, RegulationPage
from .versions import RegulationVersion

__all__ = [
    "Opinion",
    "OpinionAgreement",
    "OpinionFlag",
    "OpinionReply",
    "RegulationIndexPage",
    "RegulationPage",
    "RegulationVersion",
]
