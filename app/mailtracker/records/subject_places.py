"""A search of the records' subjects inside given subsections, asked of the index of their
subject trigrams named with their subsection (records migration 0019): for each subsection,
the records whose subject has every trigram a subject containing the text must have. Added
to the search itself (``UPPER(subject) LIKE ...``), which stays the test of each record."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import DataContains
from django.db import connection
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.functions import Upper

from mailtracker.attachments.search import terms_of


class Trigrams(Func):
    """One of the migration's functions of (subsection, text): an array of trigrams."""

    output_field = ArrayField(TextField())


def subject_in_subsections(text: str, subsections) -> Q | None:
    """Records of one of ``subsections`` whose subject may contain ``text``, as the index
    answers it; None where there is no such index (SQLite), or when ``text`` has no three
    letters in a row: the trigrams asked would be none, and every record of the index pass."""
    if connection.vendor != "postgresql" or not _has_a_trigram(text):
        return None
    indexed = Trigrams(F("subsection_id"), Upper("subject"), function="records_place_trigrams")
    searched = Upper(Value(text))
    asked = [
        Trigrams(Value(pk), searched, function="records_searched_trigrams") for pk in subsections
    ]
    return Q(*(DataContains(indexed, each) for each in asked), _connector=Q.OR)


def _has_a_trigram(text: str) -> bool:
    """Whether ``text`` has a word of three letters or digits (as pg_trgm reads words, which
    the documents' search splits alike: a Devanagari vowel sign is part of its word)."""
    return any(len(word) >= 3 for word in terms_of(text))
