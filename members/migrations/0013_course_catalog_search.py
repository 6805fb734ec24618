"""The catalog at scale: indexes for its sorts, and on PostgreSQL a full-text column.

`members_course.search_vector` is a stored generated column (PostgreSQL only, so the model does not
declare it; members.selectors reads it): accent-folded words of the title (weight A), summary (B)
and description (C), plus bigrams of Chinese and Japanese text, which has no spaces between words.
A GIN index on it serves words, prefixes and CJK; a trigram GIN index on the folded title serves
misspellings (pg_trgm word similarity).
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models

FORWARD = r"""
CREATE OR REPLACE FUNCTION members_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

CREATE OR REPLACE FUNCTION members_cjk_bigrams(text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$
    SELECT coalesce(array_to_tsvector(array_agg(DISTINCT substr(run[1], i, 2))), ''::tsvector)
    FROM regexp_matches($1, '([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)', 'g')
        AS run,
        generate_series(1, greatest(length(run[1]) - 1, 1)) AS i
    $$;

ALTER TABLE members_course ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', members_unaccent(title)), 'A')
    || setweight(to_tsvector('simple', members_unaccent(summary)), 'B')
    || setweight(to_tsvector('simple', members_unaccent(description)), 'C')
    || setweight(members_cjk_bigrams(title || ' ' || summary || ' ' || description), 'B')
) STORED;

CREATE INDEX members_course_search_vector ON members_course USING gin (search_vector);
CREATE INDEX members_course_title_trgm ON members_course
    USING gin (members_unaccent(title) gin_trgm_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS members_course_title_trgm;
ALTER TABLE members_course DROP COLUMN IF EXISTS search_vector;
DROP FUNCTION IF EXISTS members_cjk_bigrams(text);
DROP FUNCTION IF EXISTS members_unaccent(text);
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("members", "0012_one_open_application_per_applicant")]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
        migrations.AddIndex(
            model_name="course",
            index=models.Index(fields=["status", "title", "id"], name="course_catalog_title"),
        ),
        migrations.AddIndex(
            model_name="course",
            index=models.Index(
                fields=["status", "-created_at", "-id"], name="course_catalog_newest"
            ),
        ),
    ]
