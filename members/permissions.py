"""Who may do what in members/: roles and checks in one place."""

from django.conf import settings


def is_secretariat(user) -> bool:
    """Member of the alliance secretariat's global group (memoized on the user object)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_is_secretariat"):
        user._is_secretariat = user.groups.filter(name=settings.SECRETARIAT_GROUP).exists()
    return user._is_secretariat
