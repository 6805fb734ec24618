"""The Celery app. With no CELERY_BROKER_URL, tasks run inline (see settings.base).

Tasks are DjangoTask instances (Celery's Django fixup), so `task.delay_on_commit(pk)` queues a task
only once the surrounding transaction commits: the one way this project queues work.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings.dev")

app = Celery("alliance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
