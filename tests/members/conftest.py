import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import InstitutionRole, Payment, PaymentMethod
from members.services import dues as dues_services


def secretariat_member(settings) -> object:
    user = UserFactory()
    user.groups.add(Group.objects.get(name=settings.SECRETARIAT_GROUP))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def activate_membership(institution, paid_at=None) -> Payment:
    """A year of membership from `paid_at` (now), paid by bank transfer."""
    payment = Payment.objects.create(
        membership=dues_services.membership_for(institution=institution),
        year=timezone.localdate(paid_at).year,
        method=PaymentMethod.OFFLINE,
        fee_cents=0,
        amount_cents=0,
    )
    return dues_services.payment_succeed(payment=payment, paid_at=paid_at)


@pytest.fixture
def world(db, settings):
    """Institutions A and B, and one person in each role the matrix walks."""
    a = InstitutionFactory(name="Institution A", country="KE")
    b = InstitutionFactory(name="Institution B", country="FR")
    activate_membership(a)  # A is a member in good standing; B's membership is pending.
    return {
        "institution_a": a,
        "institution_b": b,
        "anonymous": None,
        "no_institution": UserFactory(),
        "staff_a": affiliate(a, InstitutionRole.STAFF),
        "editor_a": affiliate(a, InstitutionRole.EDITOR),
        "admin_a": affiliate(a, InstitutionRole.ADMIN),
        "admin_b": affiliate(b, InstitutionRole.ADMIN),
        "secretariat": secretariat_member(settings),
    }


def client_for(client, world, role):
    if world[role] is not None:
        client.force_login(world[role])
    return client


# Membership dues ----------------------------------------------------------------------------

# Annual dues (USD) per World Bank income group, the same for every kind and year of the tests.
TEST_FEES = {"high": 2000, "upper_middle": 1200, "lower_middle": 600, "low": 200, "": 600}


@pytest.fixture
def fees(db):
    from members.models import FeeSchedule, InstitutionKind

    FeeSchedule.objects.bulk_create(
        FeeSchedule(year=year, kind=kind, income_group=group, amount_usd=amount)
        for year in range(2024, 2033)
        for kind in InstitutionKind.values
        for group, amount in TEST_FEES.items()
    )


@pytest.fixture
def fake_stripe(settings, monkeypatch):
    """Stripe's keys set, and its HTTP API replaced by a fake that records the calls."""
    import stripe

    from tests.members.stripe_fakes import SECRET_KEY, WEBHOOK_SECRET, FakeStripeHTTP

    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    fake = FakeStripeHTTP()
    monkeypatch.setattr(stripe, "default_http_client", fake)
    return fake


@pytest.fixture
def checkout(client, world, fees, fake_stripe):
    """Institution B's administrator opens Stripe Checkout: returns the pending payment."""

    def start():
        client.force_login(world["admin_b"])
        client.post(reverse("members:membership_pay", args=[world["institution_b"].slug]))
        client.logout()
        return Payment.objects.filter(method=PaymentMethod.STRIPE).latest("pk")

    return start


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """Deliver a signed Stripe event and run the tasks it queues (and those they queue)."""
    from tests.members.stripe_fakes import deliver

    def deliver_now(payload, **signing):
        with django_capture_on_commit_callbacks(execute=True):
            return deliver(client, payload, **signing)

    return deliver_now
