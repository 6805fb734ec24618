from .call import CallApplication, CallCriterion, CallFormField, CallPage, CallReview
from .campaign import CampaignPage, Pledge
from .commitment import Commitment, CommitmentProgress, DeclarationClause
from .consultation import Attachment, ConsultationPage, ConsultationQuestion, Submission
from .declaration import DeclarationPage, DeclarationText, DeclarationVersion, Endorsement
from .event import (
    EventIndexPage,
    EventPage,
    EventQuestion,
    EventRegistration,
    EventSession,
)
from .good_practice import GoodPracticeIndexPage, GoodPracticePage
from .home import HomePage
from .impact import YearlyReport, YearlyReportStatus
from .news import NewsIndexPage, NewsPage
from .resource import ResourceFile, ResourceIndexPage, ResourcePage
from .series import ConferenceSeriesPage
from .standard import StandardPage

__all__ = [
    "Attachment",
    "CallApplication",
    "CallCriterion",
    "CallFormField",
    "CallPage",
    "CallReview",
    "CampaignPage",
    "Commitment",
    "CommitmentProgress",
    "ConferenceSeriesPage",
    "ConsultationPage",
    "ConsultationQuestion",
    "DeclarationClause",
    "DeclarationPage",
    "DeclarationText",
    "DeclarationVersion",
    "Endorsement",
    "EventIndexPage",
    "EventPage",
    "EventQuestion",
    "EventRegistration",
    "EventSession",
    "GoodPracticeIndexPage",
    "GoodPracticePage",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "Pledge",
    "ResourceFile",
    "ResourceIndexPage",
    "ResourcePage",
    "StandardPage",
    "Submission",
    "YearlyReport",
    "YearlyReportStatus",
]
