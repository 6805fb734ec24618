from .call import CallApplication, CallCriterion, CallFormField, CallPage, CallReview
from .campaign import CampaignPage, Pledge
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
from .news import NewsIndexPage, NewsPage
from .resource import ResourceFile, ResourceIndexPage, ResourcePage
from .standard import StandardPage

__all__ = [
    "Attachment",
    "CallApplication",
    "CallCriterion",
    "CallFormField",
    "CallPage",
    "CallReview",
    "CampaignPage",
    "ConsultationPage",
    "ConsultationQuestion",
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
]
