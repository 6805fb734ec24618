"""Commitments on the Declaration: what the public page shows (by clause and by UNESCO region),
what an institution's admins see to record and report (reads), and the writes: record a
commitment, report its yearly progress, and the secretariat's moderation."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.audit import log_action
from cms import permissions
from cms.models import (
    Commitment,
    CommitmentProgress,
    DeclarationClause,
    DeclarationVersion,
    Endorsement,
)
from cms.models.commitment import ProgressStatus
from cms.models.declaration import EndorsementStatus, VersionStatus
from members.models import Institution, InstitutionRole, Region
from members.selectors import is_member_in_good_standing

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}

# Reads ----------------------------------------------------------------------------------------


def _confirmed_endorsement(version_field: str = "clause__version"):
    return Exists(
        Endorsement.objects.filter(
            version=OuterRef(version_field),
            institution=OuterRef("institution"),
            status=EndorsementStatus.CONFIRMED,
        )
    )


def _commitments(version: DeclarationVersion):
    return (
        Commitment.objects.filter(clause__version=version)
        .select_related("institution", "clause")
        .prefetch_related(Prefetch("progress", queryset=CommitmentProgress.objects.all()))
    )


def public_commitments(*, version: DeclarationVersion) -> dict:
    """The public commitments on `version` (of confirmed signatories, not hidden), by clause
    and by UNESCO region, with counts: three queries whatever their number."""
    clauses = list(version.clauses.all())
    commitments = list(
        _commitments(version)
        .filter(_confirmed_endorsement(), hidden=False)
        .order_by("institution__name", "clause__sort_order")
    )
    by_clause = {clause.pk: [] for clause in clauses}
    by_region = {value: [] for value in Region.values}
    for commitment in commitments:
        by_clause[commitment.clause_id].append(commitment)
        by_region.setdefault(commitment.institution.region, []).append(commitment)
    return {
        "total": len(commitments),
        "institutions": len({c.institution_id for c in commitments}),
        "clauses": [{"clause": c, "commitments": by_clause[c.pk]} for c in clauses],
        "regions": [
            {"region": value, "label": Region(value).label if value else "", "commitments": rows}
            for value, rows in by_region.items()
        ],
    }


def commitment_options(*, user, version: DeclarationVersion) -> list[dict]:
    """The institutions `user` is an admin of that endorsed `version` (confirmed), whether each
    may record commitments now (good standing), and their commitments with their progress."""
    if not user.is_authenticated:
        return []
    institutions = list(
        Institution.objects.filter(
            affiliations__user=user, affiliations__role=InstitutionRole.ADMIN
        )
        .filter(
            Exists(
                Endorsement.objects.filter(
                    version=version,
                    institution=OuterRef("pk"),
                    status=EndorsementStatus.CONFIRMED,
                )
            )
        )
        .order_by("name")
    )
    commitments = {}
    for commitment in _commitments(version).filter(institution__in=institutions):
        commitments.setdefault(commitment.institution_id, []).append(commitment)
    return [
        {
            "institution": institution,
            "may_commit": is_member_in_good_standing(institution),
            "commitments": commitments.get(institution.pk, []),
        }
        for institution in institutions
    ]


def commitments_to_moderate(*, version: DeclarationVersion) -> list[Commitment]:
    """Every commitment on `version`, hidden ones too, for the secretariat."""
    return list(_commitments(version).order_by("institution__name", "clause__sort_order"))


# Writes ---------------------------------------------------------------------------------------


def _check_text(text: str, language: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the text."))
    if len(text) > 2000:
        raise ValidationError(_("Keep the text within 2,000 characters."))
    if language not in LANGUAGE_CODES:
        raise ValidationError(_("Choose the language the text is written in."))
    return text


@transaction.atomic
def commitment_record(
    *, institution: Institution, clause: DeclarationClause, user, text: str, language: str
) -> Commitment:
    """An admin of an endorsing institution records (or rewrites) its commitment under
    `clause`."""
    if not permissions.can_commit(user, institution):
        raise PermissionDenied
    text = _check_text(text, language)
    # Locks the institution row: two admins writing at once are serialized here.
    Institution.objects.select_for_update().get(pk=institution.pk)
    version = clause.version
    if version.status != VersionStatus.ADOPTED:
        raise ValidationError(_("Commitments are made on an adopted version of the Declaration."))
    if not Endorsement.objects.filter(
        version=version, institution=institution, status=EndorsementStatus.CONFIRMED
    ).exists():
        raise ValidationError(
            _("%(institution)s has not endorsed this version of the Declaration yet.")
            % {"institution": institution.name}
        )
    commitment, created = Commitment.objects.update_or_create(
        institution=institution,
        clause=clause,
        defaults={"text": text, "language": language},
        create_defaults={"text": text, "language": language, "created_by": user},
    )
    action = "cms.commitment.recorded" if created else "cms.commitment.updated"
    log_action(user, action, commitment, {"clause": clause.ref, "version": version.number})
    return commitment


@transaction.atomic
def commitment_progress_report(
    *, commitment: Commitment, user, year: int, status: str, text: str, language: str
) -> CommitmentProgress:
    """An admin of the institution reports the commitment's progress for `year` (one report
    per year, rewritten if reported again)."""
    if not permissions.can_commit(user, commitment.institution):
        raise PermissionDenied
    text = _check_text(text, language)
    if status not in ProgressStatus.values:
        raise ValidationError(_("Choose a status."))
    first_year = commitment.created_at.year
    this_year = timezone.now().year
    if not first_year <= year <= this_year:
        raise ValidationError(
            _("Report on a year from %(first)s to %(last)s.")
            % {"first": first_year, "last": this_year}
        )
    Commitment.objects.select_for_update().get(pk=commitment.pk)
    progress, _created = CommitmentProgress.objects.update_or_create(
        commitment=commitment,
        year=year,
        defaults={"status": status, "text": text, "language": language, "reported_by": user},
    )
    log_action(
        user, "cms.commitment.progress_reported", commitment, {"year": year, "status": status}
    )
    return progress


@transaction.atomic
def commitment_moderate(*, commitment: Commitment, actor, hidden: bool, reason: str = "") -> None:
    """The secretariat hides a commitment from the public page (with its reason), or shows it
    again."""
    if not permissions.can_moderate(actor):
        raise PermissionDenied
    reason = reason.strip()
    if hidden and not reason:
        raise ValidationError(_("Give the reason for hiding the commitment."))
    commitment.hidden, commitment.hidden_reason = hidden, reason if hidden else ""
    commitment.save(update_fields=["hidden", "hidden_reason", "updated_at"])
    action = "cms.commitment.hidden" if hidden else "cms.commitment.shown"
    log_action(actor, action, commitment, {"reason": reason} if hidden else {})
