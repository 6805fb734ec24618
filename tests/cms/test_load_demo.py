from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from members.models import (
    Affiliation,
    ApplicationStatus,
    Institution,
    InstitutionRole,
    MembershipApplication,
    Region,
    User,
)


def load() -> str:
    """The whole demo with 40 of its 2,000 courses (members.demo_courses is tested at other
    sizes in tests/members/test_catalog_search.py)."""
    out = StringIO()
    call_command("load_demo", "--courses", "40", stdout=out)
    return out.getvalue()


def test_demo_alliance_is_realistic_and_loading_it_twice_changes_nothing(demo_alliance):
    counts = (Institution.objects.count(), User.objects.count(), Affiliation.objects.count())
    assert 55 <= counts[0] <= 70
    output = load()  # the second time: `demo_alliance` loaded it once
    assert (
        Institution.objects.count(),
        User.objects.count(),
        Affiliation.objects.count(),
    ) == counts

    names = set(Institution.objects.values_list("name", flat=True))
    for founder in ["Tsinghua University", "xuetangX", "iCourse", "edX", "Cadi Ayyad University"]:
        assert founder in names
    assert set(Institution.objects.values_list("region", flat=True)) == set(Region.values)
    assert {a.role for a in Affiliation.objects.all()} == set(InstitutionRole.values)
    assert MembershipApplication.objects.filter(status=ApplicationStatus.SUBMITTED).exists()
    secretariat = Group.objects.get(name="Secretariat")
    assert secretariat.user_set.filter(email="secretariat@alliance.example").exists()
    assert "Demo logins" in output
    assert "tsinghua.admin@alliance.example" in output


@pytest.mark.django_db
def test_load_demo_refuses_a_backend_that_sends_real_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with pytest.raises(CommandError, match="--allow-email"):
        call_command("load_demo", stdout=StringIO())
    assert not Institution.objects.exists()
