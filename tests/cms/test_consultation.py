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
from cms.forms import ConsultationForm
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
        "title": "Teaching through the closures",
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
@pytest.mark.parametrize(
    "missing", ["title", "name", "email", "organization", "consent", "question"]
)
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
    assert practice.title == "Teaching through the closures"  # the contributor's, not the org's
    assert practice.organization == submission.organization
    # The contributor's text is escaped: the rich text carries no markup of theirs.
    assert "&lt;script&gt;" in practice.body and "<script>" not in practice.body
    assert "<h3>Role and impact</h3>" in practice.body
    # The attachment is carried over as a CMS document, linked from the body.
    document = submission.attachments.get().document
    assert document.title == "report.pdf"
    assert document.file.read() == PDF
    assert f'<a linktype="document" id="{document.pk}">report.pdf</a>' in practice.body
    client.post(decide, {"decision": "publish"})  # twice: refused
    assert GoodPracticePage.objects.count() == 1


@pytest.mark.django_db
def test_the_submission_and_its_good_practice_link_to_each_other(
    client, world, submission, good_practices
):
    services.submission_decide(submission=submission, actor=world["secretariat"], accept=True)
    practice = services.good_practice_from_submission(
        submission=submission, actor=world["secretariat"]
    )
    client.force_login(world["secretariat"])
    inspect = client.get(f"/cms-admin/submissions/inspect/{submission.pk}/").content.decode()
    assert f'href="/cms-admin/pages/{practice.pk}/edit/"' in inspect
    editor = client.get(f"/cms-admin/pages/{practice.pk}/edit/").content.decode()
    assert f'href="/cms-admin/submissions/inspect/{submission.pk}/"' in editor
    assert "Submission by Amina Diallo" in editor


@pytest.mark.django_db
def test_a_submission_without_a_title_gives_the_organization_s_name(
    world, submission, good_practices
):
    Submission.objects.filter(pk=submission.pk).update(title="")  # sent before titles existed
    services.submission_decide(submission=submission, actor=world["secretariat"], accept=True)
    practice = services.good_practice_from_submission(
        submission=submission, actor=world["secretariat"]
    )
    assert practice.title == submission.organization


@pytest.mark.django_db
def test_the_contributor_is_emailed_on_acceptance_and_publication_in_their_language(
    world, consultation, good_practices, mailoutbox, django_capture_on_commit_callbacks
):
    form = ConsultationForm(
        form_data(consultation, email="awa@univ.example"), questions=consultation.questions.all()
    )
    assert form.is_valid()
    submission = services.submission_create(
        page=consultation, data=form.cleaned_data, answers=form.answers(), files=[], language="fr"
    )
    secretariat = world["secretariat"]
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_decide(submission=submission, actor=secretariat, accept=True)
    assert [m.to for m in mailoutbox] == [["awa@univ.example"]]
    assert "Alliance mondiale des MOOC" in mailoutbox[0].body  # written in French
    assert "Teaching through the closures" in mailoutbox[0].body

    practice = services.good_practice_from_submission(
        submission=submission, actor=world["secretariat"]
    )
    assert len(mailoutbox) == 1  # a draft is not a publication
    with django_capture_on_commit_callbacks(execute=True):
        practice.save_revision(user=secretariat).publish()
    assert len(mailoutbox) == 2
    practice.refresh_from_db()
    assert practice.full_url in mailoutbox[1].body
    assert "Teaching through the closures" in mailoutbox[1].body
    with django_capture_on_commit_callbacks(execute=True):  # an edit: nobody is told again
        practice.save_revision(user=secretariat).publish()
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_attachments_stay_private_until_the_good_practice_is_published(
    client, world, submission, good_practices, settings
):
    # Served by redirecting to the storage (the tests' storage is in memory): a redirect to the
    # file is "allowed", one to the sign-in page "denied".
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    services.submission_decide(submission=submission, actor=world["secretariat"], accept=True)
    practice = services.good_practice_from_submission(
        submission=submission, actor=world["secretariat"]
    )
    document = submission.attachments.get().document

    def served() -> bool:
        response = client.get(document.url)
        assert response.status_code == 302
        return response["Location"] == document.file.url

    assert not served()  # anonymous
    client.force_login(world["admin_a"])
    assert not served()
    client.force_login(world["secretariat"])
    assert served()
    client.logout()

    practice.save_revision(user=world["secretariat"]).publish()
    assert served()


@pytest.mark.django_db
def test_a_rejected_submission_is_not_emailed(
    world, submission, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_decide(submission=submission, actor=world["secretariat"], accept=False)
    assert mailoutbox == []


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
