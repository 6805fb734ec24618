"""The call for input: submitting, spam protection, private attachments, moderation, export."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cms import services
from cms.models import Attachment, GoodPracticePage, Submission
from cms.models.consultation import SubmissionStatus
from cms.spam import RATE_LIMIT

URL = "/en/call-for-input/"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def form_data(consultation, **overrides):
    questions = list(consultation.questions.all())
    data = {
        f"question_{questions[0].pk}": "MOOCs kept universities teaching during the closures.",
        f"question_{questions[1].pk}": "Open, flexible, at scale.",
        "name": "Amina Diallo",
        "email": "amina@university.example",
        "organization": "Université de Dakar",
        "country": "Senegal",
        "consent": "on",
    }
    data.update(overrides)
    return data


def nothing_written():
    return not Submission.objects.exists() and not Attachment.objects.exists()


# Submitting ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_contribution_with_attachments_is_stored_for_moderation(client, consultation):
    files = [
        SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
    ]
    response = client.post(URL, {**form_data(consultation), "attachments": files})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}thanks/"
    assert "Thank you for your contribution" in client.get(response["Location"]).content.decode()

    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.PENDING
    assert submission.language == "en"
    assert submission.answers[0] == {
        "question": "Role and impact",
        "answer": "MOOCs kept universities teaching during the closures.",
    }
    assert submission.answers[2] == {"question": "Good practice showcase", "answer": ""}
    kinds = {a.original_name: (a.kind, a.content_type) for a in submission.attachments.all()}
    assert kinds == {
        "report.pdf": ("report", "application/pdf"),
        "photo.png": ("photo", "image/png"),
    }
    attachment = submission.attachments.first()
    assert attachment.file.storage is storages["private"]


@pytest.mark.django_db
def test_the_form_asks_the_configured_questions(client, consultation):
    html = client.get(URL).content.decode()
    for label in ["Role and impact", "Characteristics and advantages", "Good practice showcase"]:
        assert label in html
    assert 'enctype="multipart/form-data"' in html
    assert 'class="honeypot" aria-hidden="true"' in html


# Bad input: a clear error, nothing written ---------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>"), "is not an accepted file"),
        (SimpleUploadedFile("run.pdf", b"MZ\x90\x00" + b"\x00" * 60), "is not an accepted file"),
        (SimpleUploadedFile("big.pdf", PDF + b"0" * 2048), "The file is too big"),
    ],
    ids=["html-named-pdf", "executable", "too-big"],
)
def test_a_bad_attachment_is_refused(client, consultation, monkeypatch, upload, message):
    monkeypatch.setattr("cms.forms.MAX_ATTACHMENT_BYTES", 1024)
    response = client.post(URL, {**form_data(consultation), "attachments": [upload]})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_written()


@pytest.mark.django_db
def test_too_many_attachments_are_refused(client, consultation):
    files = [SimpleUploadedFile(f"r{i}.pdf", PDF) for i in range(6)]
    response = client.post(URL, {**form_data(consultation), "attachments": files})
    assert response.status_code == 400
    assert "Send at most 5 files." in response.content.decode()
    assert nothing_written()


@pytest.mark.django_db
def test_a_filled_honeypot_is_refused(client, consultation):
    response = client.post(URL, form_data(consultation, website="http://spam.example"))
    assert response.status_code == 400
    assert "This form could not be sent" in response.content.decode()
    assert nothing_written()


@pytest.mark.django_db
@pytest.mark.parametrize("missing", ["name", "email", "organization", "consent", "question"])
def test_required_fields(client, consultation, missing):
    data = form_data(consultation)
    key = f"question_{consultation.questions.first().pk}" if missing == "question" else missing
    del data[key]
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert nothing_written()


@pytest.mark.django_db
def test_the_rate_limit_per_address(client, consultation):
    for _ in range(RATE_LIMIT):
        assert client.post(URL, form_data(consultation)).status_code == 302
    response = client.post(URL, form_data(consultation))
    assert response.status_code == 429
    assert "Too many submissions from your network" in response.content.decode()
    assert Submission.objects.count() == RATE_LIMIT
    # Another address is not held back.
    assert client.post(URL, form_data(consultation), REMOTE_ADDR="10.0.0.9").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("when", ["closed", "not yet open"])
def test_outside_its_dates_the_call_takes_nothing(client, consultation, when):
    now = timezone.now()
    if when == "closed":
        consultation.opens_at, consultation.closes_at = now - timedelta(days=9), now
    else:
        consultation.opens_at, consultation.closes_at = now + timedelta(days=1), now + timedelta(9)
    consultation.save_revision().publish()
    response = client.post(URL, form_data(consultation))
    assert response.status_code == 400
    assert "This call for input is closed." in response.content.decode()
    assert "Send the contribution" not in response.content.decode()
    assert nothing_written()
    with pytest.raises(ValidationError):
        services.submission_create(
            page=consultation, data=form_data(consultation), answers=[], files=[], language="en"
        )


# Reading and moderating: the secretariat only --------------------------------------------------


@pytest.fixture
def submission(client, consultation):
    files = [SimpleUploadedFile("report.pdf", PDF)]
    data = form_data(consultation, organization='=HYPERLINK("http://evil.example")')
    data[f"question_{consultation.questions.first().pk}"] = "<script>alert(1)</script> بناء القدرات"
    client.post(URL, {**data, "attachments": files})
    return Submission.objects.get()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("no_institution", False),
        ("admin_a", False),
        ("editor_a", False),
        ("secretariat", True),
    ],
)
def test_only_the_secretariat_reads_submissions_and_attachments(
    client, world, submission, role, allowed
):
    if world[role] is not None:
        client.force_login(world[role])
    attachment = submission.attachments.get()
    urls = [
        "/cms-admin/submissions/",
        f"/cms-admin/submissions/inspect/{submission.pk}/",
        f"/cms-admin/submissions/attachment/{attachment.pk}/",
        "/cms-admin/submissions/export.csv",
    ]
    for url in urls:
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
        else:
            assert response.status_code in (302, 403), url
            assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [b""]))
    if allowed:
        download = client.get(urls[2])
        assert download["Content-Disposition"].startswith('attachment; filename="report.pdf"')
        assert b"".join(download.streaming_content) == PDF


@pytest.mark.django_db
def test_the_csv_export_is_safe_from_formula_injection(client, world, submission):
    client.force_login(world["secretariat"])
    response = client.get("/cms-admin/submissions/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Received", "Call for input", "Status"]
    assert rows[1][5] == '\'=HYPERLINK("http://evil.example")'
    assert "بناء القدرات" in rows[1][8]
    assert rows[1][9] == "1"


@pytest.mark.django_db
def test_an_accepted_submission_becomes_a_draft_good_practice(
    client, world, submission, good_practices
):
    client.force_login(world["secretariat"])
    decide = f"/cms-admin/submissions/decide/{submission.pk}/"
    client.post(decide, {"decision": "publish"})  # not accepted yet: refused
    assert not GoodPracticePage.objects.exists()
    client.post(decide, {"decision": "accept"})
    client.post(decide, {"decision": "publish"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    practice = submission.good_practice
    assert practice.live is False
    assert practice.get_parent().specific == good_practices
    assert practice.organization == submission.organization
    # The contributor's text is escaped: the rich text carries no markup of theirs.
    assert "&lt;script&gt;" in practice.body and "<script>" not in practice.body
    assert "<h3>Role and impact</h3>" in practice.body
    client.post(decide, {"decision": "publish"})  # twice: refused
    assert GoodPracticePage.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin_a", "no_institution"])
def test_nobody_else_moderates(client, world, submission, role):
    client.force_login(world[role])
    client.post(f"/cms-admin/submissions/decide/{submission.pk}/", {"decision": "accept"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PENDING


@pytest.mark.django_db
def test_a_rejected_submission_cannot_be_published(world, submission, good_practices):
    services.submission_decide(submission=submission, actor=world["secretariat"], accept=False)
    with pytest.raises(ValidationError):
        services.good_practice_from_submission(submission=submission, actor=world["secretariat"])
    with pytest.raises(ValidationError):
        services.submission_decide(submission=submission, actor=world["secretariat"], accept=True)


@pytest.mark.django_db
def test_deleting_a_submission_deletes_its_files(
    client, world, submission, django_capture_on_commit_callbacks
):
    name = submission.attachments.get().file.name
    assert storages["private"].exists(name)
    client.force_login(world["admin_a"])
    client.post(f"/cms-admin/submissions/delete/{submission.pk}/")
    assert Submission.objects.filter(pk=submission.pk).exists()
    client.force_login(world["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/cms-admin/submissions/delete/{submission.pk}/")
    assert not Submission.objects.exists() and not Attachment.objects.exists()
    assert not storages["private"].exists(name)
