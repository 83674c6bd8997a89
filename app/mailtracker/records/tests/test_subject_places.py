"""Subjects searched inside subsections through the index of each subsection's subject
trigrams (records.subject_places, records migration 0019)."""

import itertools
from urllib.parse import quote

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from mailtracker.records import filters
from mailtracker.records.models import MailRecord
from mailtracker.records.subject_places import subject_in_subsections

postgresql_only = pytest.mark.skipif("connection.vendor != 'postgresql'")
# Letters of both cases, a digit, signs, a space, Hindi letters, a vowel sign and a virama.
ALPHABET = "aNé1 -/पेक्"
AROUND = ["", "a", "N", "1", " ", "/", "पे", "x-", "क्"]
MISSED = """
    SELECT searched, subject
    FROM unnest(%s::text[], %s::text[]) AS sample (searched, subject)
    WHERE NOT records_place_trigrams(7, UPPER(subject)) @> {asked}(7, UPPER(searched))
"""


@postgresql_only
def test_a_subject_holding_the_text_has_every_trigram_asked_whatever_surrounds_it(db):
    """The index never misses a record the search finds: the subject may hold the text inside
    a longer word, after a sign, across words. Asking every trigram of the text (pg_trgm pads
    each word's start and end) would miss many of the same sample."""
    texts, subjects = [], []
    for length in (1, 2, 3):
        for letters in itertools.product(ALPHABET, repeat=length):
            for before, after in itertools.product(AROUND, repeat=2):
                texts.append("".join(letters))
                subjects.append(before + texts[-1] + after)
    with connection.cursor() as cursor:
        cursor.execute(MISSED.format(asked="records_searched_trigrams"), [texts, subjects])
        missed = cursor.fetchall()
        cursor.execute(MISSED.format(asked="records_place_trigrams"), [texts, subjects])
        missed_when_padded = cursor.fetchall()
    assert missed == []
    assert len(missed_when_padded) > len(texts) / 4


@postgresql_only
@pytest.mark.parametrize(
    ("searched", "asked"),
    [
        ("pension", {"pen", "ens", "nsi", "sio", "ion"}),
        ("Pension case", {"pen", "ens", "nsi", "sio", "ion", "on ", "  c", " ca", "cas", "ase"}),
        ("L/12345", {"  1", " 12", "123", "234", "345"}),
        ("L/1", {"  1"}),  # too few for the index to narrow: see the next test
    ],
)
def test_the_trigrams_asked_are_those_no_surrounding_letters_change(db, searched, asked):
    with connection.cursor() as cursor:
        cursor.execute("SELECT records_searched_trigrams(7, UPPER(%s))", [searched])
        (trigrams,) = cursor.fetchone()
    assert set(trigrams) == {f"7:{trigram}" for trigram in asked}


@pytest.mark.parametrize("searched", ["ab", "L/1", "a b c", "12 34", "पे"])
def test_a_text_without_three_letters_in_a_row_is_not_asked_of_the_index(searched):
    """Its trigrams asked would be none, which every record of the index has."""
    assert subject_in_subsections(searched, [1]) is None


@postgresql_only
def test_the_index_answers_a_search_inside_subsections(db, world):
    records = MailRecord.objects.filter(
        subject_in_subsections("pension", [world.sub_a.pk, world.sub_b.pk])
    ).order_by()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = records.explain()
    assert plan.count("record_subject_place_trigrams") == 2


@pytest.mark.parametrize(
    ("searched", "found", "asked_of_the_index"),
    [("पेंशन", ["hindi"], True), ("PENSION", ["english"], True),
     ("ension cas", ["english"], True), ("शन मा", ["hindi"], False), ("सन", [], False)],
)  # fmt: skip
def test_an_officers_search_of_a_subject_finds_any_part_of_it_in_their_subsection(
    api, world, make_record, monkeypatch, searched, found, asked_of_the_index
):
    """Through the index when the text has three letters in a row, as the search alone
    otherwise: the same records, those of subsection A only."""
    monkeypatch.setattr(filters, "WALK_HITS", filters.WALK_PROBE + 1)  # never found early
    subjects = {"english": "Pension case", "hindi": "पेंशन मामला"}
    records = {name: make_record(subject=subject) for name, subject in subjects.items()}
    for subject in subjects.values():  # seen by nobody of subsection A
        make_record(actor=world.head, subsection=world.sub_c, assignees=[world.officer_c],
                    subject=subject)  # fmt: skip
    make_record(subject="Stores return")

    with CaptureQueriesContext(connection) as queries:
        answer = api.as_(world.officer_a).get(f"/api/records/?q={quote(searched)}")
    assert answer.status_code == 200
    listed = [item["serial"] for item in answer.json()["results"]]
    assert listed == [records[name].serial for name in found]
    asked = any("records_searched_trigrams(" in query["sql"] for query in queries)
    assert asked == (asked_of_the_index and connection.vendor == "postgresql")


def test_an_officer_holding_letters_elsewhere_keeps_the_search_over_their_whole_scope(
    api, world, make_record, monkeypatch
):
    """Not asked per subsection: read in halves, the search would be compiled once per half
    (records.filters._found_in_subsections). The letter held elsewhere is found."""
    monkeypatch.setattr(filters, "WALK_HITS", filters.WALK_PROBE + 1)  # never found early
    here = make_record(subject="Pension case")
    elsewhere = make_record(actor=world.head, subsection=world.sub_c, subject="Pension claim")

    with CaptureQueriesContext(connection) as queries:
        answer = api.as_(world.officer_a).get("/api/records/?q=pension")
    assert answer.status_code == 200
    listed = {item["serial"] for item in answer.json()["results"]}
    assert listed == {here.serial, elsewhere.serial}
    assert not any("records_searched_trigrams(" in query["sql"] for query in queries)
