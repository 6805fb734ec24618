"""`members_course.listed`: published and offered by at least one institution in listed
standing (members.selectors.listed_course), kept by triggers whatever writes the course, the
institutions offering it or their memberships (the ORM, a queryset update, raw SQL), so the public
catalog, its search and the API read one indexed column instead of an EXISTS over every
course-institution row joined to the memberships.

The statuses below are members.permissions.statuses_allowing(LISTED) when this was written
(tests/members/test_catalog.py checks they still are): a change of STANDING needs a migration
that makes these functions again.

SQLite rebuilds members_course to add a column, which its triggers and the other tables' triggers
that name it do not survive: the catalog change log's (0011) are dropped first and made again
with ours.
"""

import importlib

from django.db import migrations, models

LISTED_STATUSES = ("pending", "active", "grace")
_IN = ", ".join(f"'{status}'" for status in LISTED_STATUSES)
# Whether course {id} is listed, in SQL both databases read.
IS_LISTED = (
    "({row}.status = 'published' AND EXISTS (SELECT 1 FROM members_course_institutions offered"
    " LEFT JOIN members_membership membership"
    " ON membership.institution_id = offered.institution_id"
    " WHERE offered.course_id = {row}.id"
    f" AND (membership.id IS NULL OR membership.status IN ({_IN}))))"
)
# Set `listed` again on the courses {courses} (a subquery or a list) where it is wrong.
RELIST = (
    "UPDATE members_course SET listed = NOT listed WHERE id IN ({courses})"
    f" AND listed <> {IS_LISTED.format(row='members_course')}"
)

POSTGRESQL = f"""
CREATE FUNCTION members_course_set_listed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.listed := {IS_LISTED.format(row="NEW")};
  RETURN NEW;
END $$;
CREATE TRIGGER members_course_set_listed BEFORE INSERT OR UPDATE ON members_course
FOR EACH ROW EXECUTE FUNCTION members_course_set_listed();

CREATE FUNCTION members_offered_relist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    {RELIST.format(courses="OLD.course_id")};
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    {RELIST.format(courses="NEW.course_id")};
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER members_offered_relist AFTER INSERT OR UPDATE OR DELETE
ON members_course_institutions FOR EACH ROW EXECUTE FUNCTION members_offered_relist();

CREATE FUNCTION members_membership_relist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    {
    RELIST.format(
        courses="SELECT course_id FROM members_course_institutions"
        " WHERE institution_id = OLD.institution_id"
    )
};
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    {
    RELIST.format(
        courses="SELECT course_id FROM members_course_institutions"
        " WHERE institution_id = NEW.institution_id"
    )
};
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER members_membership_relist AFTER INSERT OR DELETE OR UPDATE OF status,
institution_id ON members_membership FOR EACH ROW EXECUTE FUNCTION members_membership_relist();

-- Not a change partners can see: the change log's trigger (0011) stays out of the backfill.
ALTER TABLE members_course DISABLE TRIGGER members_course_updated;
UPDATE members_course SET listed = TRUE WHERE {IS_LISTED.format(row="members_course")};
ALTER TABLE members_course ENABLE TRIGGER members_course_updated;
"""

POSTGRESQL_REVERSE = """
DROP TRIGGER members_course_set_listed ON members_course;
DROP TRIGGER members_offered_relist ON members_course_institutions;
DROP TRIGGER members_membership_relist ON members_membership;
DROP FUNCTION members_course_set_listed(), members_offered_relist(), members_membership_relist();
"""


def _trigger(name: str, event: str, table: str, body: str) -> str:
    return f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN {body}; END;"


_OF_INSTITUTION = "SELECT course_id FROM members_course_institutions WHERE institution_id = {}"
# SQLite's triggers run after the write (the inner UPDATE does not fire the same trigger again).
SQLITE = [
    _trigger(
        "members_course_set_listed", "INSERT", "members_course", RELIST.format(courses="NEW.id")
    ),
    _trigger("members_course_relist", "UPDATE", "members_course", RELIST.format(courses="NEW.id")),
    _trigger(
        "members_offered_added",
        "INSERT",
        "members_course_institutions",
        RELIST.format(courses="NEW.course_id"),
    ),
    _trigger(
        "members_offered_removed",
        "DELETE",
        "members_course_institutions",
        RELIST.format(courses="OLD.course_id"),
    ),
    _trigger(
        "members_offered_changed",
        "UPDATE",
        "members_course_institutions",
        RELIST.format(courses="OLD.course_id, NEW.course_id"),
    ),
    _trigger(
        "members_membership_added",
        "INSERT",
        "members_membership",
        RELIST.format(courses=_OF_INSTITUTION.format("NEW.institution_id")),
    ),
    _trigger(
        "members_membership_removed",
        "DELETE",
        "members_membership",
        RELIST.format(courses=_OF_INSTITUTION.format("OLD.institution_id")),
    ),
    _trigger(
        "members_membership_changed",
        "UPDATE",
        "members_membership",
        RELIST.format(courses=_OF_INSTITUTION.format("OLD.institution_id"))
        + "; "
        + RELIST.format(courses=_OF_INSTITUTION.format("NEW.institution_id")),
    ),
]


def _log_triggers():
    return importlib.import_module("members.migrations.0011_catalog_change_log").SQLITE


def drop_log_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            for statement in _log_triggers():
                cursor.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]};")


def create_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL)
        elif schema_editor.connection.vendor == "sqlite":
            # The backfill first, while the rebuilt table has no triggers (it is no change).
            cursor.execute(
                f"UPDATE members_course SET listed = {IS_LISTED.format(row='members_course')}"
            )
            for statement in _log_triggers() + SQLITE:
                cursor.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]};")
                cursor.execute(statement)


def drop_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL_REVERSE)
        elif schema_editor.connection.vendor == "sqlite":  # made again after the rebuild
            for statement in _log_triggers() + SQLITE:
                cursor.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]};")


def create_log_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            for statement in _log_triggers():
                cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0021_course_feed_status"),
    ]

    operations = [
        migrations.RunPython(drop_log_triggers, create_log_triggers),
        migrations.AddField(
            model_name="course",
            name="listed",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RemoveIndex(model_name="course", name="course_catalog_title"),
        migrations.RemoveIndex(model_name="course", name="course_catalog_newest"),
        migrations.AddIndex(
            model_name="course",
            index=models.Index(fields=["listed", "title", "id"], name="course_catalog_title"),
        ),
        migrations.AddIndex(
            model_name="course",
            index=models.Index(
                fields=["listed", "-created_at", "-id"], name="course_catalog_newest"
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
