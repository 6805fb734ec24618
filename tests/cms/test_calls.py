"""Calls with review (docs/programmes.md): applications, reviews, decisions, and who may do
what, for applicant, reviewer, secretariat and host, by membership status."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.forms.utils import get_forms_for_user
from wagtail.models import ModelLogEntry

from cms import call_selectors, call_services, permissions
from cms.call_status import TRANSITIONS, transition_allowed
from cms.models import CallApplication, CallReview
from cms.models.call import ApplicantRole, ApplicationState, CallKind
from members.factories import InstitutionFactory, affiliate
from members.models import InstitutionRole
from members.services import institutions as institutions_services
from members.services import people as people_services
from tests.cms.calls import ANSWERS, make_call
from tests.members.conftest import activate_membership

S = ApplicationState


@pytest.fixture
def people(world):
    """`world` (A active, B pending) with C (active, its reviewer), H (active, a host) and a
    suspended institution S."""
    c = InstitutionFactory(name="Institution C", country="BR")
    host = InstitutionFactory(name="Host University", country="FR")
    suspended = InstitutionFactory(name="Suspended College", country="IN")
    for institution in (c, host, suspended):
        activate_membership(institution)
    institutions_services.institution_suspend(institution=suspended, actor=None, reason="Dues")
    return {
        **world,
        "institution_c": c,
        "host": host,
        "reviewer_c": affiliate(c, InstitutionRole.STAFF, preferred_language="fr"),
        "host_admin": affiliate(host, InstitutionRole.ADMIN),
        "host_staff": affiliate(host, InstitutionRole.STAFF),
        "suspended": suspended,
        "staff_suspended": affiliate(suspended, InstitutionRole.STAFF),
    }


@pytest.fixture
def call(db):
    return make_call(anonymised=True)


def submit(call, user, institution, answers=ANSWERS):
    return call_services.application_save(
        call=call, institution=institution, user=user, answers=answers, language="en", submit=True
    )


def assigned(call, people, reviewer="reviewer_c"):
    application = submit(call, people["staff_a"], people["institution_a"])
    review = call_services.reviewer_assign(
        application=application, reviewer=people[reviewer], actor=people["secretariat"]
    )
    return application, review


# The status machine -------------------------------------------------------------------------


def test_the_transition_table_allows_only_its_moves():
    assert transition_allowed(S.DRAFT, S.SUBMITTED)
    assert transition_allowed(S.UNDER_REVIEW, S.ACCEPTED)
    assert not transition_allowed(S.DRAFT, S.ACCEPTED)  # never decided unseen
    assert not transition_allowed(S.ACCEPTED, S.WITHDRAWN)  # a decision is final
    assert all(not TRANSITIONS[end] for end in (S.ACCEPTED, S.REJECTED, S.WITHDRAWN))


# Applying -----------------------------------------------------------------------------------


def test_an_applicant_drafts_comes_back_and_submits_once(
    call, people, django_capture_on_commit_callbacks
):
    staff, a = people["staff_a"], people["institution_a"]
    draft = call_services.application_save(
        call=call,
        institution=a,
        user=staff,
        answers={"course_title": "Open data"},
        language="en",
        submit=False,
    )
    assert draft.state == S.DRAFT and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit(call, staff, a)
        again = submit(call, staff, a)  # a double click
    assert submitted.pk == again.pk == draft.pk
    assert CallApplication.objects.get().state == S.SUBMITTED
    assert CallApplication.objects.get().answers == ANSWERS
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "Open Education Award 2027" in mail.outbox[0].subject
    actions = list(
        ModelLogEntry.objects.filter(action__startswith="cms.call_application").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["cms.call_application.drafted", "cms.call_application.submitted"]


@pytest.mark.parametrize(
    ("who", "institution", "allowed"),
    [
        ("staff_a", "institution_a", True),  # active member, the call takes every role
        ("admin_b", "institution_b", False),  # pending: not in good standing
        ("staff_suspended", "suspended", False),  # suspended institutions cannot apply
        ("no_institution", "institution_a", False),  # not one of its people
        ("reviewer_c", "institution_a", False),  # another institution's person
    ],
)
def test_who_may_apply_by_membership_status(call, people, who, institution, allowed):
    assert permissions.can_apply(people[who], call, people[institution]) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            submit(call, people[who], people[institution])
        assert not CallApplication.objects.exists()


@pytest.mark.parametrize(("who", "allowed"), [("admin_a", True), ("editor_a", False)])
def test_a_call_for_administrators_refuses_other_roles(people, who, allowed):
    call = make_call(applicant_role=ApplicantRole.ADMIN)
    assert permissions.can_apply(people[who], call, people["institution_a"]) is allowed


def test_a_closed_call_takes_no_application(people):
    from django.utils import timezone

    call = make_call(closes_at=timezone.now())
    assert not permissions.can_apply(people["staff_a"], call, people["institution_a"])
    with pytest.raises(PermissionDenied):
        submit(call, people["staff_a"], people["institution_a"])


def test_the_form_checks_answers_and_a_draft_may_be_incomplete(call, people, client):
    client.force_login(people["staff_a"])
    a = people["institution_a"]
    response = client.post(call.url, {"institution": a.pk, "action": "submit", "course_title": "X"})
    assert response.status_code == 400 and not CallApplication.objects.exists()
    assert "This field is required." in response.content.decode()
    bad = {"institution": a.pk, "action": "draft", "contact_email": "not an address"}
    assert client.post(call.url, bad).status_code == 400
    assert not CallApplication.objects.exists()
    draft = {"institution": a.pk, "action": "draft", "course_title": "Open data"}
    assert client.post(call.url, draft).status_code == 302
    assert CallApplication.objects.get().state == S.DRAFT
    # Coming back: the draft's answers are in the form.
    assert 'value="Open data"' in client.get(call.url).content.decode()
    another = {"institution": people["institution_c"].pk, "action": "submit", **ANSWERS}
    assert client.post(call.url, another).status_code == 400  # not one of the person's
    assert CallApplication.objects.get().state == S.DRAFT


@pytest.mark.parametrize(("who", "allowed"), [("staff_a", True), ("admin_a", False)])
def test_only_the_applicant_withdraws(call, people, who, allowed):
    application = submit(call, people["staff_a"], people["institution_a"])
    assert permissions.can_withdraw_application(people[who], application) is allowed
    if allowed:
        call_services.application_withdraw(application=application, user=people[who])
        assert CallApplication.objects.get().state == S.WITHDRAWN
    else:
        with pytest.raises(PermissionDenied):
            call_services.application_withdraw(application=application, user=people[who])
        assert CallApplication.objects.get().state == S.SUBMITTED


def test_a_decided_application_cannot_be_withdrawn(call, people):
    application = submit(call, people["staff_a"], people["institution_a"])
    call_services.application_decide(
        application=application, actor=people["secretariat"], accept=False
    )
    with pytest.raises(PermissionDenied):
        call_services.application_withdraw(application=application, user=people["staff_a"])


# Reviewers ----------------------------------------------------------------------------------


def test_the_secretariat_assigns_a_reviewer_who_is_told(
    call, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _application, _review = assigned(call, people)
    assert CallApplication.objects.get().state == S.UNDER_REVIEW
    assert mail.outbox[-1].to == [people["reviewer_c"].email]
    assert "/review/" in mail.outbox[-1].body


@pytest.mark.parametrize(
    ("reviewer", "message"),
    [
        ("editor_a", "conflict of interest"),  # the applying institution's own person
        ("admin_b", "in good standing"),  # a pending member's person
        ("no_institution", "in good standing"),
    ],
)
def test_a_conflicted_or_outside_reviewer_is_refused(call, people, reviewer, message):
    application = submit(call, people["staff_a"], people["institution_a"])
    with pytest.raises(ValidationError, match=message):
        call_services.reviewer_assign(
            application=application, reviewer=people[reviewer], actor=people["secretariat"]
        )
    assert not CallReview.objects.exists()
    assert CallApplication.objects.get().state == S.SUBMITTED


@pytest.mark.parametrize(
    ("actor", "allowed"), [("secretariat", True), ("admin_a", False), ("host_admin", False)]
)
def test_only_the_secretariat_assigns(call, people, actor, allowed):
    application = submit(call, people["staff_a"], people["institution_a"])
    assert permissions.can_manage_call(people[actor], call) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            call_services.reviewer_assign(
                application=application, reviewer=people["reviewer_c"], actor=people[actor]
            )
        assert not CallReview.objects.exists()


def test_the_reviewer_scores_and_the_secretariat_sees_the_weighted_total(call, people):
    _application, review = assigned(call, people)
    reach, openness = call.criteria.all()
    call_services.review_score(
        review=review,
        user=people["reviewer_c"],
        scores={reach.pk: 5, openness.pk: 5},
        comment="Good",
    )
    # (2 × 5/5 + 1 × 5/10) / 3 = 83.3 %
    [row] = call_selectors.applications_to_manage(page=call)
    assert row.total == 83.3


@pytest.mark.parametrize(
    "scores", [{"reach": 6, "openness": 1}, {"reach": 1}, {"reach": -1, "openness": 0}]
)
def test_a_score_out_of_range_or_missing_is_refused(call, people, scores):
    _application, review = assigned(call, people)
    pks = {c.name.lower(): c.pk for c in call.criteria.all()}
    with pytest.raises(ValidationError):
        call_services.review_score(
            review=review,
            user=people["reviewer_c"],
            scores={pks[name]: value for name, value in scores.items()},
            comment="",
        )
    assert CallReview.objects.get().scored_at is None


def test_a_reviewer_who_joins_the_applicant_may_no_longer_score(call, people):
    _application, review = assigned(call, people)
    assert permissions.can_review(people["reviewer_c"], review)
    assert not permissions.can_review(people["admin_a"], review)  # not assigned
    people_services.person_add(
        institution=people["institution_a"], user=people["reviewer_c"], role="staff", actor=None
    )
    assert not permissions.can_review(people["reviewer_c"], review)
    with pytest.raises(PermissionDenied):
        call_services.review_score(review=review, user=people["reviewer_c"], scores={}, comment="")


def test_the_anonymised_review_hides_the_applicant(call, people, client):
    _application, review = assigned(call, people)
    client.force_login(people["reviewer_c"])
    body = client.get(call.url + call.reverse_subpage("review", args=[review.pk])).content.decode()
    assert "Teaching with open data" in body
    assert "Institution A" not in body and people["staff_a"].email not in body
    client.force_login(people["host_admin"])  # not assigned
    assert (
        client.get(call.url + call.reverse_subpage("review", args=[review.pk])).status_code == 404
    )


# Decisions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "allowed"), [("secretariat", True), ("reviewer_c", False), ("staff_a", False)]
)
def test_the_secretariat_decides_an_award(
    call, people, actor, allowed, django_capture_on_commit_callbacks
):
    application, _review = assigned(call, people)
    assert permissions.can_decide(people[actor], application) is allowed
    if allowed:
        with django_capture_on_commit_callbacks(execute=True):
            call_services.application_decide(
                application=application, actor=people[actor], accept=True, note="Well done"
            )
        assert CallApplication.objects.get().state == S.ACCEPTED
        assert mail.outbox[-1].to == [people["staff_a"].email]
        assert "Well done" in mail.outbox[-1].body
        assert list(call_selectors.accepted_applications(call)) == [application]
    else:
        with pytest.raises(PermissionDenied):
            call_services.application_decide(
                application=application, actor=people[actor], accept=True
            )
        assert CallApplication.objects.get().state == S.UNDER_REVIEW


@pytest.fixture
def exchange(people):
    return make_call(kind=CallKind.STAFF_EXCHANGE, slug="exchange", host=people["host"], places=1)


@pytest.mark.parametrize(
    ("actor", "allowed"), [("host_admin", True), ("host_staff", False), ("secretariat", False)]
)
def test_the_host_chooses_its_exchange_staff(exchange, people, actor, allowed):
    application = submit(exchange, people["staff_a"], people["institution_a"])
    assert permissions.can_decide(people[actor], application) is allowed
    assert permissions.can_see_applications(people[actor], exchange) is (actor != "host_staff")


def test_an_exchange_accepts_no_more_than_its_places_and_not_its_hosts_staff(exchange, people):
    assert not permissions.can_apply(people["host_staff"], exchange, people["host"])
    first = submit(exchange, people["staff_a"], people["institution_a"])
    second = submit(exchange, people["reviewer_c"], people["institution_c"])
    call_services.application_decide(application=first, actor=people["host_admin"], accept=True)
    with pytest.raises(ValidationError, match="Every place"):
        call_services.application_decide(
            application=second, actor=people["host_admin"], accept=True
        )
    assert CallApplication.objects.get(pk=second.pk).state == S.SUBMITTED


# Pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"), [("secretariat", 200), ("admin_a", 403), ("reviewer_c", 403)]
)
def test_the_list_of_applications_is_the_secretariats(call, people, client, who, status):
    client.force_login(people[who])
    assert client.get(call.url + call.reverse_subpage("manage")).status_code == status


def test_the_list_of_applications_takes_the_same_queries_whatever_their_number(
    call, people, client, django_assert_num_queries
):
    url = call.url + call.reverse_subpage("manage")
    client.force_login(people["secretariat"])
    assigned(call, people)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for index in range(3):
        institution = InstitutionFactory(name=f"Member {index}")
        activate_membership(institution)
        submit(call, affiliate(institution, "staff"), institution)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_results_list_the_accepted_once_published(call, people, client):
    application = submit(call, people["staff_a"], people["institution_a"])
    call_services.application_decide(
        application=application, actor=people["secretariat"], accept=True
    )
    url = call.url + call.reverse_subpage("results_page")
    assert "Institution A" not in client.get(url).content.decode()
    call.results = "<p>The jury met in November.</p>"
    call.save_revision().publish()
    body = client.get(url).content.decode()
    assert "The jury met in November." in body and "Institution A" in body


def test_the_call_page_shows_why_a_suspended_member_cannot_apply(call, people, client):
    client.force_login(people["staff_suspended"])
    body = client.get(call.url).content.decode()
    assert "suspended" in body and 'name="action"' not in body


def test_a_translated_call_takes_applications_for_the_original(call, people, client):
    """wagtail-localize copies the questions and criteria; the answers keep their names."""
    from wagtail.models import Locale
    from wagtail_localize.operations import TranslationCreator

    TranslationCreator(None, [Locale.objects.get(language_code="fr")]).create_translations(call)
    french = call.get_translation(Locale.objects.get(language_code="fr")).specific
    assert [f.clean_name for f in french.form_fields.all()] == list(ANSWERS)
    french.save_revision().publish()
    client.force_login(people["staff_a"])
    data = {"institution": people["institution_a"].pk, "action": "submit", **ANSWERS}
    response = client.post(french.url, data)
    assert response.status_code == 302 and response.url.startswith("/fr/")
    application = CallApplication.objects.get()
    assert application.call_id == call.pk and application.language == "fr"


def test_the_secretariat_makes_a_call_in_the_admin(db, client):
    from tests.cms.conftest import home_page, page_editor

    client.force_login(page_editor())
    home = home_page()
    response = client.get(f"/cms-admin/pages/add/cms/callpage/{home.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "form_fields-FORMS" in body and "criteria-FORMS" in body


def test_the_wagtail_forms_menu_does_not_list_calls_whose_applications_live_elsewhere(
    call, people, client
):
    superuser = type(people["secretariat"]).objects.create_superuser("root@example.org", "x")
    submit(call, people["staff_a"], people["institution_a"])
    assert not get_forms_for_user(superuser).exists()
    client.force_login(superuser)
    page = client.get("/admin/forms/").content.decode()
    assert call.title not in page
