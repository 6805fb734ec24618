"""The public fee schedule (kind x World Bank income group) and the fee shown to applicants."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from members.factories import UserFactory
from members.models import FeeSchedule, IncomeGroup, InstitutionKind
from tests.members.test_applications import STEP_DATA, walk_wizard

THIS_YEAR = timezone.localdate().year


@pytest.mark.django_db
def test_the_fee_schedule_is_public_with_a_row_per_kind_and_a_column_per_income_group(client, fees):
    FeeSchedule.objects.filter(
        year=THIS_YEAR, kind=InstitutionKind.PLATFORM, income_group=IncomeGroup.HIGH
    ).update(amount_usd=3500)
    response = client.get("/en/apply/fees/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Annual dues in {THIS_YEAR}" in html
    for label in [*InstitutionKind.labels, *IncomeGroup.labels, "Not classified"]:
        assert str(label) in html
    assert "USD\xa03,500.00" in html and "USD\xa0200.00" in html
    assert '<th scope="row">Online learning platform</th><td>USD\xa03,500.00</td>' in html


@pytest.mark.django_db
def test_the_fee_schedule_keeps_its_query_count_whatever_the_number_of_years(client, fees):
    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/en/apply/fees/").status_code == 200
        return len(context)

    many = queries()
    FeeSchedule.objects.exclude(year=THIS_YEAR).delete()
    assert queries() == many


@pytest.mark.django_db
def test_another_year_is_chosen_and_a_bad_year_falls_back_to_this_year(client, fees):
    assert (
        f"Annual dues in {THIS_YEAR + 2}"
        in client.get(f"/en/apply/fees/?year={THIS_YEAR + 2}").content.decode()
    )
    for bad in ["abc", "1900", "-1", "9" * 30]:
        response = client.get(f"/en/apply/fees/?year={bad}")
        assert response.status_code == 200
        assert f"Annual dues in {THIS_YEAR}" in response.content.decode()


@pytest.mark.django_db
def test_without_fees_the_page_says_so(client):
    html = client.get("/en/apply/fees/").content.decode()
    assert "has not published the fees yet" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "zh-hans"])
def test_the_fee_schedule_reads_in_the_readers_language(client, fees, language):
    html = client.get(f"/{language}/apply/fees/").content.decode()
    with translation.override(language):
        assert str(IncomeGroup.HIGH.label) in html
        assert str(InstitutionKind.UNIVERSITY.label) in html
    with translation.override("en"):
        assert str(IncomeGroup.HIGH.label) not in html  # not left in English


@pytest.mark.django_db
def test_the_wizard_links_the_fee_schedule_and_the_review_shows_the_fee_that_will_apply(
    client, fees
):
    client.force_login(UserFactory())
    assert "/en/apply/fees/" in client.get("/en/apply/?start=1").content.decode()
    html = walk_wizard(client, STEP_DATA[:3]).content.decode()  # at the review step
    # A university in Peru, an upper-middle-income economy.
    assert f"USD\xa01,200.00 a year (University, Upper-middle income, {THIS_YEAR} fees)" in html
    assert "/en/apply/fees/" in html


@pytest.mark.django_db
def test_the_review_says_when_no_fee_is_set_for_the_applicant(client):
    client.force_login(UserFactory())
    html = walk_wizard(client, STEP_DATA[:3]).content.decode()
    assert "No fee is set yet for this kind of institution in this country" in html
