import pytest


@pytest.fixture
def django_db_serialized_rollback():
    """Transactional tests (live server, real worker) restore the data the migrations made:
    home pages, ISCED-F fields, platforms, the secretariat group."""
    return True


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def user(django_user_model):
    from members.factories import UserFactory

    return UserFactory()
