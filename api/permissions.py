"""Who may see and act on partner API keys: the secretariat any key, an owner their own."""

from members.permissions import is_secretariat


def can_manage_all_api_keys(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or is_secretariat(user))


def can_manage_api_key(user, key) -> bool:
    """List, revoke and rotate `key`."""
    if not (user.is_authenticated and user.is_active):
        return False
    return can_manage_all_api_keys(user) or key.owner_id == user.pk
