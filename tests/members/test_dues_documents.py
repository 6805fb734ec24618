"""The dues documents as PDFs: the pro-forma invoice, the receipt and the credit note, in the
reader's language (Arabic right to left, Chinese), with the issuer's and bank details, numbered
with no gaps, and downloadable by the institution's administrators and the secretariat only."""

import io
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from alliance import pdf
from members.factories import InstitutionFactory, affiliate
from members.models import (
    BankDetails,
    InstitutionRole,
    IssuerDetails,
    Payment,
    PaymentStatus,
    ProformaInvoice,
    Reduction,
)
from members.services import dues as dues_services
from tests.members.conftest import client_for

YEAR = timezone.localdate().year


@pytest.fixture
def details(db):
    issuer = IssuerDetails.load()
    issuer.name, issuer.tax_number = "GMA Secretariat Association", "CHE-123.456.789"
    issuer.address = "7 Place de Fontenoy, 75007 Paris"
    issuer.save()
    bank = BankDetails.load()
    bank.account_holder, bank.iban, bank.bic = (
        "GMA Secretariat",
        "FR7630006000011234567890189",
        "AGRIFRPP",
    )
    bank.save()


def text_of(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


def compact(text: str) -> str:
    """Chinese comes out with a space or a NUL between characters: compare without them."""
    return "".join(text.replace("\x00", "").split())


def record_transfer(world, institution="institution_b") -> Payment:
    return dues_services.payment_record_offline(
        membership=world[institution].membership,
        reference="TR-77",
        received_on=timezone.localdate(),
        actor=world["secretariat"],
    )


def url(name, world, *args, institution="institution_b"):
    return reverse(f"members:{name}", args=[world[institution].slug, *args])


def get_in(client, language, name, world, *args):
    with translation.override(language):
        return client.get(url(name, world, *args))


def words(language, msgid, **values) -> list[str]:
    with translation.override(language):
        text = gettext(msgid) % values if values else gettext(msgid)
    assert text != (msgid % values if values else msgid)  # it is translated
    return text.replace("%", " ").split()


# The documents in Arabic and Chinese ----------------------------------------------------------


def test_the_receipt_in_arabic_and_chinese_has_the_issuer_and_the_amounts(
    client, world, fees, details
):
    payment = record_transfer(world)
    client.force_login(world["admin_b"])
    arabic = text_of(get_in(client, "ar", "receipt_pdf", world, payment.receipt_number))
    for word in words("ar", "Total paid") + words("ar", "Issued by"):
        assert word in arabic
    assert "GMA Secretariat Association" in arabic and "CHE-123.456.789" in arabic
    assert "Fontenoy" in arabic and payment.receipt_number in arabic and "TR-77" in arabic
    chinese = compact(
        text_of(get_in(client, "zh-hans", "receipt_pdf", world, payment.receipt_number))
    )
    assert compact(gettext_in("zh-hans", "Total paid")) in chinese
    assert compact(gettext_in("zh-hans", "Issued by")) in chinese
    assert "2,000.00" in chinese and payment.receipt_number in chinese


def gettext_in(language, msgid):
    with translation.override(language):
        return gettext(msgid)


def title_x(response) -> float:
    """Where the first line of text (the title) starts, in points from the left edge."""
    starts = []
    PdfReader(io.BytesIO(response.content)).pages[0].extract_text(
        visitor_text=lambda text, cm, tm, font, size: starts.append(tm[4]) if text.strip() else 0
    )
    return starts[0]


def test_the_document_is_right_to_left_in_arabic(client, world, fees, details):
    """The Arabic title ends at the right margin; the English one starts at the left."""
    payment = record_transfer(world)
    client.force_login(world["admin_b"])
    english = title_x(get_in(client, "en", "receipt_pdf", world, payment.receipt_number))
    arabic = title_x(get_in(client, "ar", "receipt_pdf", world, payment.receipt_number))
    assert english < 60 < 250 < arabic  # A4 is 595 points wide; the margins are 57


def test_the_pro_forma_invoice_has_the_bank_details_and_the_reference(client, world, fees, details):
    client.force_login(world["admin_b"])
    with translation.override("ar"):
        response = client.post(url("invoice_issue", world))
    invoice = ProformaInvoice.objects.get()
    assert invoice.number == f"GMA-PF-{YEAR}-000001"
    assert response.status_code == 302 and invoice.number in response["Location"]
    text = text_of(client.get(response["Location"]))
    reference = f"GMA-{invoice.year}-M{world['institution_b'].membership.pk:05d}"
    assert invoice.reference == reference and reference in text
    assert "FR7630006000011234567890189" in text and "AGRIFRPP" in text
    assert "CHE-123.456.789" in text and "Institution B" in text
    for word in words("ar", "Payment reference"):
        assert word in text
    chinese = compact(text_of(get_in(client, "zh-hans", "invoice_pdf", world, invoice.number)))
    assert compact(gettext_in("zh-hans", "Amount due")) in chinese and "2,000.00" in chinese


def test_a_double_click_gets_the_same_invoice_and_a_new_amount_the_next_number(
    client, world, fees, details
):
    client.force_login(world["admin_b"])
    first = client.post(url("invoice_issue", world))["Location"]
    assert client.post(url("invoice_issue", world))["Location"] == first
    assert ProformaInvoice.objects.count() == 1
    Reduction.objects.create(
        membership=world["institution_b"].membership,
        year=ProformaInvoice.objects.get().year,
        percent=50,
        reason="Crisis",
        approver=world["secretariat"],
    )
    client.post(url("invoice_issue", world))
    second = ProformaInvoice.objects.latest("pk")
    assert (second.number, second.amount_cents) == (f"GMA-PF-{YEAR}-000002", 100_000)
    assert "Crisis" in text_of(client.get(url("invoice_pdf", world, second.number)))


def test_no_invoice_when_nothing_can_be_paid(client, world, fees):
    """A is paid ahead (renewal not open yet): refused with the reason, nothing numbered."""
    client.force_login(world["admin_a"])
    response = client.post(url("invoice_issue", world, institution="institution_a"), follow=True)
    assert "paid until" in response.content.decode()
    assert not ProformaInvoice.objects.exists()


def test_a_voided_payment_gets_a_credit_note_pdf(client, world, fees, details):
    payment = record_transfer(world)
    dues_services.payment_void(
        membership=world["institution_b"].membership,
        payment=payment,
        reason="Wrong member",
        actor=world["secretariat"],
    )
    payment.refresh_from_db()
    client.force_login(world["admin_b"])
    text = text_of(client.get(url("credit_note_pdf", world, payment.credit_note_number)))
    assert payment.credit_note_number in text and payment.receipt_number in text
    assert "Wrong member" in text and "2,000.00" in text
    receipt = text_of(client.get(url("receipt_pdf", world, payment.receipt_number)))
    assert f"cancelled by credit note {payment.credit_note_number}" in receipt
    page = client.get(url("membership", world)).content.decode()
    assert url("credit_note_pdf", world, payment.credit_note_number) in page


def test_a_refund_gets_the_next_credit_note_number(client, world, fees, details):
    voided = record_transfer(world)
    dues_services.payment_void(
        membership=world["institution_b"].membership,
        payment=voided,
        reason="Twice",
        actor=world["secretariat"],
    )
    refunded = record_transfer(world)
    dues_services.payment_take_back(payment=refunded, status=PaymentStatus.REFUNDED)
    refunded.refresh_from_db()
    assert refunded.credit_note_number == f"GMA-CN-{YEAR}-000002"
    client.force_login(world["secretariat"])
    text = text_of(client.get(url("credit_note_pdf", world, refunded.credit_note_number)))
    assert "Refunded online" in text


def test_unknown_numbers_and_another_institutions_documents_are_not_found(
    client, world, fees, details
):
    payment = record_transfer(world, "institution_b")
    client.force_login(world["admin_a"])
    a = world["institution_a"].membership.payments.get()
    for name, number in (
        ("receipt_pdf", payment.receipt_number),  # B's receipt under A's address
        ("receipt_pdf", "GMA-1999-000001"),
        ("credit_note_pdf", a.receipt_number),  # not a credit note
        ("invoice_pdf", "nonsense"),
    ):
        response = client.get(url(name, world, number, institution="institution_a"))
        assert response.status_code == 404, name
    assert client.get(url("invoice_issue", world, institution="institution_a")).status_code == 405


# Who may download ------------------------------------------------------------------------------

ALLOWED = {"admin_b", "secretariat"}


@pytest.mark.parametrize(
    "role",
    ["anonymous", "no_institution", "staff_a", "editor_a", "admin_a", "admin_b", "secretariat"],
)
def test_who_may_download_and_issue(client, world, fees, details, role):
    payment = record_transfer(world)
    dues_services.payment_void(
        membership=world["institution_b"].membership,
        payment=payment,
        reason="Wrong",
        actor=world["secretariat"],
    )
    payment.refresh_from_db()
    staff_b = affiliate(world["institution_b"], InstitutionRole.EDITOR)
    client_for(client, world, role)
    responses = [
        client.get(url("receipt_pdf", world, payment.receipt_number)),
        client.get(url("credit_note_pdf", world, payment.credit_note_number)),
        client.post(url("invoice_issue", world)),
    ]
    if role in ALLOWED:
        assert [r.status_code for r in responses] == [200, 200, 302]
        assert client.get(responses[2]["Location"]).status_code == 200
        return
    expected = 302 if role == "anonymous" else 403
    assert [r.status_code for r in responses] == [expected] * 3
    if role == "anonymous":
        assert "/accounts/login/" in responses[0]["Location"] or "login" in responses[0]["Location"]
    assert not ProformaInvoice.objects.exists()
    # An editor of B itself is refused too: billing is the administrators'.
    client.force_login(staff_b)
    assert client.get(url("receipt_pdf", world, payment.receipt_number)).status_code == 403


def test_missing_fonts_name_the_package_to_install(settings, tmp_path):
    settings.PDF_FONT_DIR = str(tmp_path)
    with pytest.raises(pdf.FontsMissing, match="fonts-noto-cjk and fonts-noto-core"):
        pdf.Document(language="en", title="Receipt")


# Two at once, on PostgreSQL ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_invoices_issued_at_once_get_one_number_each_with_no_gap(settings, fees):
    """Two administrators of one institution at once get one invoice; two institutions at
    once get consecutive numbers."""
    institutions = [InstitutionFactory(country="FR"), InstitutionFactory(country="KE")]
    admins = [affiliate(i, InstitutionRole.ADMIN) for i in institutions]
    admins.append(affiliate(institutions[0], InstitutionRole.ADMIN))
    barrier = threading.Barrier(len(admins))
    locations, errors = [], []

    def issue(admin):
        try:
            client = Client()
            client.force_login(admin)
            slug = admin.affiliations.get().institution.slug
            barrier.wait(timeout=10)
            locations.append(client.post(reverse("members:invoice_issue", args=[slug]))["Location"])
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(admin,)) for admin in admins]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    numbers = sorted(ProformaInvoice.objects.values_list("number", flat=True))
    assert numbers == [f"GMA-PF-{YEAR}-000001", f"GMA-PF-{YEAR}-000002"]
    assert len(set(locations)) == 2
