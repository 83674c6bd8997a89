"""An index of each record's subject trigrams, each named with the record's subsection
(``2:pen``), so that a search of a subject inside the user's subsections reads only the
trigrams of those subsections' subjects (records.search_places).

The (subsection, subject trigram) index of 0017 answers the same question by intersecting,
for each trigram of the word, the posting list of every subject holding it with that of every
record of the subsections: an auditor's ``q=pension`` in their two subsections at a million
records read 30,303 subjects of other subsections and 83,334 records of theirs for none, 11-16
ms; asked for ``2:pen``, ``2:ens``... it reads 0.1 ms. The old index stays: a search without a
place (the head's) and one too short for a trigram inside its words are asked of it.

Two functions, immutable as pg_trgm's ``show_trgm`` they call, so that the index holds the
first and PostgreSQL folds the second into a constant array while planning (in PL/pgSQL,
which keeps its statement's plan for the session: as SQL, each subsection asked cost 0.08 ms
of planning, 0.04 ms in PL/pgSQL):

- ``records_place_trigrams(place, text)``: every trigram of the text, named with the place;
- ``records_searched_trigrams(place, searched)``: those a text holding ``searched`` anywhere
  has whatever surrounds it: the trigrams of ``searched`` that the letters around it cannot
  change (those of ``searched`` alone, wrapped in ``a`` and wrapped in ``b``). pg_trgm pads
  each word's start and end, which a longer word in the subject does not have (``pension``
  in ``pensioner``): its LIKE support leaves them out the same way. Empty when ``searched``
  has none (``ab``), which every record would pass: a text without three letters in a row is
  asked of the old index (records.subject_places).

pg_trgm is named with its schema, as a restore runs these with an empty search path. Built
concurrently (the register stays writable; 40-55 s and 136 MB at a million records), hence
not atomic. SQLite (development) has neither."""

from django.db import migrations

INDEX = "record_subject_place_trigrams"
FUNCTIONS = """
CREATE OR REPLACE FUNCTION records_place_trigrams(place bigint, content text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(place::text || ':' || trigram), '{{}}')
    FROM unnest({schema}.show_trgm(content)) AS trigram
$$;
CREATE OR REPLACE FUNCTION records_searched_trigrams(place bigint, searched text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    RETURN (
        SELECT coalesce(array_agg(place::text || ':' || trigram), '{{}}')
        FROM (
            SELECT unnest({schema}.show_trgm(searched))
            INTERSECT SELECT unnest({schema}.show_trgm('a' || searched || 'a'))
            INTERSECT SELECT unnest({schema}.show_trgm('b' || searched || 'b'))
        ) AS kept (trigram)
    );
END
$$;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            # regnamespace prints the schema's name quoted where it needs to be.
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
        )
        (schema,) = cursor.fetchone()
    schema_editor.execute(FUNCTIONS.format(schema=schema))
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON records_mailrecord "
        "USING gin (records_place_trigrams(subsection_id, UPPER(subject::text)))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
    schema_editor.execute("DROP FUNCTION IF EXISTS records_place_trigrams(bigint, text)")
    schema_editor.execute("DROP FUNCTION IF EXISTS records_searched_trigrams(bigint, text)")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("records", "0018_status_counts_follow_sections")]
    operations = [migrations.RunPython(create, drop)]
