from .campaign import CampaignPage, Pledge
from .consultation import Attachment, ConsultationPage, ConsultationQuestion, Submission
from .declaration import DeclarationPage, DeclarationText, DeclarationVersion, Endorsement
from .good_practice import GoodPracticeIndexPage, GoodPracticePage
from .home import HomePage
from .resource import ResourceFile, ResourceIndexPage, ResourcePage

__all__ = [
    "Attachment",
    "CampaignPage",
    "ConsultationPage",
    "ConsultationQuestion",
    "DeclarationPage",
    "DeclarationText",
    "DeclarationVersion",
    "Endorsement",
    "GoodPracticeIndexPage",
    "GoodPracticePage",
    "HomePage",
    "Pledge",
    "ResourceFile",
    "ResourceIndexPage",
    "ResourcePage",
    "Submission",
]
