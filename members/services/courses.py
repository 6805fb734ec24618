"""Courses: writes one by one or in batches, and what partners are told of them."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.search import index
from wagtail.search.backends import get_search_backends

from alliance.audit import field_changes, log_action, log_actions
from alliance.images import reencode
from members import selectors
from members.models import (
    Course,
    CourseLanguage,
    CourseRun,
    CourseSDGTarget,
    CourseStatus,
    Institution,
    Tombstone,
    User,
)
from members.signals import catalog_changed

COURSE_IMAGE_MAX_SIDE = 1600
# Courses ------------------------------------------------------------------------------------


def _unique_slug(model, text: str, length: int) -> str:
    """A slug of `text` no other `model` row has: "name", "name-2", "name-3", …"""
    base = slugify(text)[:length] or model._meta.model_name
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


COURSE_FIELDS = (
    "title",
    "summary",
    "description",
    "platform",
    "url",
    "level",
    "learning_outcomes",
    "prerequisites",
    "effort_hours_per_week",
    "length_weeks",
    "is_free",
    "price",
    "currency",
    "has_certificate",
    "license",
    "accessibility_features",
    "status",
    "external_id",
)


def _apply_course(course: Course, data: dict) -> None:
    """Write the related rows of a saved course: languages, SDG targets, fields, runs."""
    if "languages" in data or "subtitle_languages" in data:
        course.language_rows.all().delete()
        CourseLanguage.objects.bulk_create(
            [CourseLanguage(course=course, code=code) for code in data.get("languages", [])]
            + [
                CourseLanguage(course=course, code=code, is_subtitle=True)
                for code in data.get("subtitle_languages", [])
            ]
        )
    if "sdg_targets" in data:
        course.sdg_rows.all().delete()
        CourseSDGTarget.objects.bulk_create(
            [CourseSDGTarget(course=course, target=target) for target in data["sdg_targets"]]
        )
    if "fields" in data:
        course.fields.set(data["fields"])
    if "runs" in data:
        course.runs.all().delete()
        CourseRun.objects.bulk_create([CourseRun(course=course, **run) for run in data["runs"]])
    if "institutions" in data:
        course.institutions.set(data["institutions"])
    # The search index holds related data (institution names): index once everything is written;
    # on PostgreSQL the generated search_vector column is the catalog's index.
    if not selectors.uses_postgresql_search():
        index.insert_or_update_object(course)


@transaction.atomic
def course_create(*, actor: User | None, data: dict) -> Course:
    """Create a course from validated data (members.forms.CourseForm's cleaned_data)."""
    course = Course(
        slug=data.get("slug") or _unique_slug(Course, data["title"], 100),
        **{field: data[field] for field in COURSE_FIELDS if field in data},
    )
    course.save()
    if isinstance(data.get("image"), UploadedFile):
        image = reencode(data["image"], max_side=COURSE_IMAGE_MAX_SIDE, name=data["image"].name)
        course.image.save(image.name, image, save=True)
    _apply_course(course, data)
    _announce_course(course, was_listed=False)
    log_action(actor, "members.course.created", course, {"title": course.title})
    return course


def _unique_slugs(model, texts: list[str], length: int) -> list[str]:
    """_unique_slug for each of `texts`, unique among themselves too, in one or two queries."""
    bases = [slugify(text)[:length] or model._meta.model_name for text in texts]
    taken = set(model.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    if taken:
        numbered = Q()
        for base in taken:
            numbered |= Q(slug__startswith=f"{base}-")
        taken |= set(model.objects.filter(numbered).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


@transaction.atomic
def courses_create(*, institution: Institution, actor: User | None, batch: list[dict]) -> None:
    """Create `institution`'s new courses, as course_create does each, in a fixed number of
    queries (plus a partner announcement per listed course): `batch` holds
    members.forms.CourseImportForm's cleaned data (with "runs"). Each course is indexed once,
    after its relations are written, in Wagtail's backend when the catalog searches through it."""
    now = timezone.now()
    listed = Institution.objects.filter(selectors.in_listed_standing(), pk=institution.pk).exists()
    slugs = _unique_slugs(Course, [data["title"] for data in batch], 100)
    courses = [
        Course(slug=slug, **{field: data[field] for field in COURSE_FIELDS if field in data})
        for slug, data in zip(slugs, batch, strict=True)
    ]
    announced = [c for c in courses if listed and c.status == CourseStatus.PUBLISHED]
    for course in announced:
        course.modified_at = course.listed_at = now
    Course.objects.bulk_create(courses)
    offered, fields, languages, targets, runs = [], [], [], [], []
    for course, data in zip(courses, batch, strict=True):
        offered.append(Course.institutions.through(course=course, institution=institution))
        fields += [Course.fields.through(course=course, fieldofeducation=f) for f in data["fields"]]
        languages += [CourseLanguage(course=course, code=code) for code in data["languages"]]
        languages += [
            CourseLanguage(course=course, code=code, is_subtitle=True)
            for code in data["subtitle_languages"]
        ]
        targets += [CourseSDGTarget(course=course, target=target) for target in data["sdg_targets"]]
        runs += [CourseRun(course=course, **run) for run in data.get("runs", [])]
    Course.institutions.through.objects.bulk_create(offered)
    Course.fields.through.objects.bulk_create(fields)
    CourseLanguage.objects.bulk_create(languages)
    CourseSDGTarget.objects.bulk_create(targets)
    CourseRun.objects.bulk_create(runs)
    if not selectors.uses_postgresql_search():  # else the generated search_vector is the index
        indexed = Course.objects.filter(pk__in=[c.pk for c in courses])
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(Course, list(indexed.prefetch_related("institutions")))
    for course in announced:
        catalog_changed.send(sender=Course, instance=course, event="created")
    log_actions(actor, "members.course.created", courses, lambda course: {"title": course.title})


@transaction.atomic
def course_update(*, course: Course, actor: User | None, data: dict) -> Course:
    was_listed = _course_is_listed(course)
    changes = field_changes(course, data, COURSE_FIELDS)
    for field in COURSE_FIELDS:
        if field in data:
            setattr(course, field, data[field])
    if isinstance(data.get("image"), UploadedFile):
        image = reencode(data["image"], max_side=COURSE_IMAGE_MAX_SIDE, name=data["image"].name)
        course.image.save(image.name, image, save=False)
    course.save()
    _apply_course(course, data)
    _announce_course(course, was_listed=was_listed)
    log_action(actor, "members.course.updated", course, {"title": course.title, "changes": changes})
    return course


@transaction.atomic
def course_delete(*, course: Course, actor: User | None) -> Tombstone | None:
    """Delete a course, leaving a tombstone for mirrors (the API's change feed, webhooks) if
    partners ever could read it."""
    tombstone = None
    if course.listed_at is not None:
        tombstone = Tombstone.objects.create(
            kind="course", key=course.slug, uuid=course.uuid, deleted_by=actor
        )
    log_action(actor, "members.course.deleted", course, {"title": course.title})
    if not selectors.uses_postgresql_search():
        index.remove_object(course)
    course.delete()
    return tombstone


# What partners may read: the change feed and webhooks tell the same story. A course is
# created when it becomes listed (members.selectors.listed_course), updated while it stays
# listed, deleted when it stops; a course never listed is never mentioned.


def _course_is_listed(course: Course) -> bool:
    return selectors.published_courses().filter(pk=course.pk).exists()


def _announce_course(course: Course, *, was_listed: bool) -> None:
    """Only a change partners can see moves the course in the change feed (`modified_at`)."""
    listed = _course_is_listed(course)
    if not (listed or was_listed):
        return
    course.modified_at = timezone.now()
    changes = {"modified_at": course.modified_at}
    if listed and not was_listed:
        course.listed_at = changes["listed_at"] = course.modified_at
        event = "created"
    else:
        event = "updated" if listed else "deleted"
    Course.objects.filter(pk=course.pk).update(**changes)
    catalog_changed.send(sender=Course, instance=course, event=event)


def _listing_of(institution: Institution) -> tuple[bool, set[int]]:
    """Whether partners may read the institution, and which of its courses."""
    courses = selectors.published_courses().filter(institutions=institution)
    return (
        selectors.public_institutions().filter(pk=institution.pk).exists(),
        set(courses.values_list("pk", flat=True)),
    )


def _announce_listing(institution: Institution, before: tuple[bool, set[int]]) -> None:
    """After the standing changed: what partners may now read of the institution and its
    courses moves to now in the change feed, and is announced (an institution back in the
    catalog is updated, as in the feed; its courses are created)."""
    listed, courses = _listing_of(institution)
    now = timezone.now()
    if listed != before[0]:
        Institution.objects.filter(pk=institution.pk).update(modified_at=now)
        institution.modified_at = now
        event = "updated" if listed else "deleted"
        catalog_changed.send(sender=Institution, instance=institution, event=event)
    back, gone = courses - before[1], before[1] - courses
    Course.objects.filter(pk__in=back).update(modified_at=now, listed_at=now)
    Course.objects.filter(pk__in=gone).update(modified_at=now)
    for course in Course.objects.filter(pk__in=back | gone).order_by("pk"):
        catalog_changed.send(
            sender=Course, instance=course, event="created" if course.pk in back else "deleted"
        )


@transaction.atomic
def course_upsert(*, institution: Institution, actor: User | None, data: dict):
    """Create, or update by (platform, external id), one of `institution`'s courses.

    Returns (course, created). A course with that id offered by other institutions only is
    refused: an import never takes over another member's course.
    """
    existing = (
        Course.objects.select_for_update()
        .filter(platform=data["platform"], external_id=data["external_id"])
        .first()
        if data.get("external_id")
        else None
    )
    if existing is None:
        return course_create(actor=actor, data={**data, "institutions": [institution]}), True
    if not existing.institutions.filter(pk=institution.pk).exists():
        raise ValidationError(_("A course with this external id belongs to another institution."))
    data = {key: value for key, value in data.items() if key != "institutions"}
    return course_update(course=existing, actor=actor, data=data), False
