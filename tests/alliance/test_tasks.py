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


@pytest.mark.django_db(transaction=True)
def test_delay_on_commit_waits_for_the_commit():
    from django.db import transaction

    expired = SessionStore()
    expired.create()
    Session.objects.update(expire_date=timezone.now() - timedelta(days=1))
    with transaction.atomic():
        clear_expired_sessions.delay_on_commit()
        assert Session.objects.count() == 1
    assert Session.objects.count() == 0


@pytest.mark.django_db(transaction=True)
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


def test_lost_work_is_redelivered_within_minutes_and_imports_have_their_own_queue():
    """The killed-pool-process run itself is bench/worker_killed.py."""
    from alliance.celery import app
    from members.tasks import run_course_import, send_receipt_email

    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert visibility == 15 * 60
    # Nothing runs or waits longer than the visibility timeout (it would be delivered twice).
    longest = max(run_course_import.time_limit, app.conf.task_time_limit)
    assert longest < visibility
    assert send_receipt_email.retry_backoff_max < visibility
    assert app.amqp.router.route({}, run_course_import.name)["queue"].name == "imports"
    assert app.amqp.router.route({}, send_receipt_email.name)["queue"].name == "celery"
    assert send_receipt_email.once and not run_course_import.once


@pytest.mark.django_db
def test_the_relay_sends_what_waits_resends_an_email_never_run_and_forgets_old_rows(monkeypatch):
    import uuid

    from alliance.celery import Task
    from alliance.models import OutboxTask
    from alliance.outbox import relay
    from cms.tasks import send_event_registration_confirmation as email
    from members.tasks import run_course_import

    published = []
    monkeypatch.setattr(  # the broker
        Task, "apply_async", lambda task, **options: published.append(options["task_id"])
    )
    now = timezone.now()
    long_ago = now - timedelta(minutes=21)

    def row(name, **fields):
        return OutboxTask.objects.create(task_id=uuid.uuid4(), name=name, **fields)

    waiting = row(clear_expired_sessions.name)
    lost_email = row(email.name, sent_at=long_ago, publish_count=1)
    row(email.name, sent_at=long_ago, done_at=long_ago, publish_count=1)  # ran
    row(email.name, sent_at=long_ago, publish_count=5)  # resent enough
    row(run_course_import.name, sent_at=long_ago, publish_count=1)  # not `once`: never resent
    row(email.name, sent_at=now - timedelta(days=8), done_at=now - timedelta(days=8))

    assert relay() == 2
    assert sorted(published) == sorted([str(waiting.task_id), str(lost_email.task_id)])
    lost_email.refresh_from_db()
    assert lost_email.publish_count == 2 and lost_email.sent_at > long_ago
    assert OutboxTask.objects.count() == 5
    assert relay() == 0


def test_a_task_named_before_its_module_is_loaded_is_found():
    """A web process has imported no tasks module when a service first queues a task by name."""
    import subprocess
    import sys

    code = (
        "import sys, django; django.setup()\n"
        "from alliance.celery import task_named\n"
        "assert 'cms.tasks' not in sys.modules\n"
        "print(task_named('cms.tasks.send_pledge_confirmation').name, 'cms.tasks' in sys.modules)\n"
    )
    result = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["cms.tasks.send_pledge_confirmation", "True"]


def test_an_unknown_task_name_is_refused():
    from alliance.celery import task_named

    with pytest.raises(KeyError):
        task_named("cms.tasks.no_such_task")
