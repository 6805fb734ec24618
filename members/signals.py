from allauth.account.signals import user_signed_up
from django.conf import settings
from django.dispatch import receiver
from django.utils.translation import get_language


@receiver(user_signed_up)
def remember_signup_language(sender, request, user, **kwargs):
    """A new account keeps the language it signed up in, for the emails it will receive."""
    language = get_language()
    if language in dict(settings.LANGUAGES) and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
