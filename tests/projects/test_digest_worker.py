"""A real Celery worker sends the daily digest once, even when the task is queued twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from members.factories import InstitutionFactory, affiliate
from members.models import InstitutionRole
from projects import services, tasks
from projects.models import DigestLog
from tests.alliance.test_celery_worker import wait_for, worker  # noqa: F401 (the fixture)
from tests.members.conftest import activate_membership
from tests.projects.conftest import make_project


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_sends_each_digest_once(worker, settings):  # noqa: F811
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    institution = InstitutionFactory(name="Institution A")
    activate_membership(institution)
    lead = affiliate(institution, InstitutionRole.EDITOR, email="lead@a.example")
    reader = affiliate(institution, InstitutionRole.STAFF, email="reader@a.example")
    project = make_project(lead, institution)
    services.participant_add(project=project, user=reader, role="viewer", actor=lead)
    services.document_upload(
        project=project, actor=lead, upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    ModelLogEntry.objects.update(timestamp=timezone.now() - timedelta(days=1))
    mail.outbox.clear()
    with transaction.atomic():
        tasks.send_digests.delay_on_commit()
        tasks.send_digests.delay_on_commit()
    assert wait_for(lambda: len(mail.outbox) >= 1)
    assert not wait_for(lambda: len(mail.outbox) > 1, seconds=3)
    assert mail.outbox[0].to == ["reader@a.example"]
    assert DigestLog.objects.get().user == reader
