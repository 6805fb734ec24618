import pytest


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def user(django_user_model):
    from members.factories import UserFactory

    return UserFactory()
