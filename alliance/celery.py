"""The Celery app. With no CELERY_BROKER_URL, tasks run inline (see settings.base).

Every task is an `alliance.celery.Task`: `task.delay_on_commit(pk)` writes the task to the outbox in
the current transaction and publishes it on commit (alliance/outbox.py), the one way this project
queues work (services call it by the task's name: `queue("<app>.tasks.<name>", pk)`); database
and broker errors are retried with exponential backoff; a task marked `once=True` (the emails)
runs at most once per queued call (docs/operations-tasks.md).
"""

import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from celery.utils.time import get_exponential_backoff_interval
from django.db import InterfaceError, OperationalError, transaction
from kombu.exceptions import OperationalError as BrokerError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings.dev")


class Task(DjangoTask):
    autoretry_for = (OperationalError, InterfaceError, BrokerError)
    retry_backoff = 5  # 5 s, 10 s, 20 s, … with jitter
    retry_backoff_max = 5 * 60
    retry_jitter = True
    max_retries = 6
    # True: the task claims its outbox row in the transaction it runs in, so a message delivered
    # twice (a worker lost, a relay resending) runs it once. Only for short tasks (the emails).
    once = False

    def delay_on_commit(self, *args, **kwargs) -> None:
        if self.app.conf.task_always_eager:
            return super().delay_on_commit(*args, **kwargs)
        from alliance.outbox import record

        record(self, args, kwargs)

    def __call__(self, *args, **kwargs):
        if not self.once or self.request.is_eager:
            return super().__call__(*args, **kwargs)
        from alliance.outbox import claim

        try:
            with transaction.atomic():
                if not claim(task_id=self.request.id):
                    return None
                return super().__call__(*args, **kwargs)
        except (OperationalError, InterfaceError) as error:
            # The claim itself met the database error: retried like the task's own errors.
            countdown = get_exponential_backoff_interval(
                factor=self.retry_backoff,
                retries=self.request.retries,
                maximum=self.retry_backoff_max,
                full_jitter=self.retry_jitter,
            )
            raise self.retry(exc=error, countdown=countdown) from error


app = Celery("alliance", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def task_named(name: str) -> Task:
    """The task called `name` ("<app>.tasks.<function>"); the apps' tasks modules are loaded at
    the first name not yet known (a web process imports none of them before)."""
    if name not in app.tasks:
        app.loader.import_default_modules()
    return app.tasks[name]


def queue(name: str, *args, **kwargs) -> None:
    """`delay_on_commit` for the task called `name`. Services name the tasks they queue instead
    of importing them, so each tasks module imports its services at the top without a cycle."""
    task_named(name).delay_on_commit(*args, **kwargs)
