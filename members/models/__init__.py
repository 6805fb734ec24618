from .application import Activity, ApplicationStatus, MembershipApplication
from .course import (
    Course,
    CourseLanguage,
    CourseLevel,
    CourseRun,
    CourseSDGTarget,
    CourseStatus,
    FieldOfEducation,
    Pacing,
    Platform,
    Tombstone,
)
from .course_import import CourseFeed, CourseImport, ImportFormat
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
    "Course",
    "CourseFeed",
    "CourseImport",
    "CourseLanguage",
    "CourseLevel",
    "CourseRun",
    "CourseSDGTarget",
    "CourseStatus",
    "FieldOfEducation",
    "ImportFormat",
    "IncomeGroup",
    "Institution",
    "InstitutionGroupObjectPermission",
    "InstitutionKind",
    "InstitutionRole",
    "InstitutionUserObjectPermission",
    "Invitation",
    "MembershipApplication",
    "Pacing",
    "Platform",
    "Region",
    "Tombstone",
    "User",
]
