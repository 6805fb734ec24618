from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from alliance.tasks import clear_expired_sessions


@pytest.mark.django_db
def test_clear_expired_sessions_keeps_live_ones():
    live = SessionStore()
    live.create()
    expired = SessionStore()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    assert clear_expired_sessions.delay().get() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_delay_on_commit_waits_for_the_commit():
    from django.db import transaction

    expired = SessionStore()
    expired.create()
    Session.objects.update(expire_date=timezone.now() - timedelta(days=1))
    with transaction.atomic():
        clear_expired_sessions.delay_on_commit()
        assert Session.objects.count() == 1
    assert Session.objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_transaction_queues_nothing():
    from django.db import transaction

    expired = SessionStore()
    expired.create()
    Session.objects.update(expire_date=timezone.now() - timedelta(days=1))
    with pytest.raises(RuntimeError), transaction.atomic():
        clear_expired_sessions.delay_on_commit()
        raise RuntimeError
    assert Session.objects.count() == 1


def test_beat_schedule_lives_in_settings():
    from alliance.celery import app

    assert "clear-expired-sessions" in app.conf.beat_schedule
