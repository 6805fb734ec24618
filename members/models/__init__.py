from .application import Activity, ApplicationStatus, MembershipApplication
from .institution import (
    Affiliation,
    IncomeGroup,
    Institution,
    InstitutionGroupObjectPermission,
    InstitutionKind,
    InstitutionRole,
    InstitutionUserObjectPermission,
    Region,
)
from .invitation import INVITATION_VALIDITY, Invitation
from .user import User

__all__ = [
    "INVITATION_VALIDITY",
    "Activity",
    "Affiliation",
    "ApplicationStatus",
    "IncomeGroup",
    "Institution",
    "InstitutionGroupObjectPermission",
    "InstitutionKind",
    "InstitutionRole",
    "InstitutionUserObjectPermission",
    "Invitation",
    "MembershipApplication",
    "Region",
    "User",
]
