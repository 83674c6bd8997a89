"""The documents' words asked inside subsections (attachments.search.words_in_places): the
index of each record's words named with its subsection (records migration 0020) must find
what the words' own index finds in those subsections, for every word, one word or several,
English or Hindi, a word typed whole or as the start of longer ones."""

import pytest
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from mailtracker.attachments import search
from mailtracker.attachments.selectors import MAX_WORDS_OF_A_PREFIX, words_in_documents
from mailtracker.records import filters
from mailtracker.records.models import MailRecord
from mailtracker.records.selectors import records_visible_to

pytestmark = pytest.mark.skipif("connection.vendor != 'postgresql'")

WORDS = {
    "a-pension": ["pension", "arrears"],
    "a-pensioner": ["pensioner", "पेंशन", "मामला"],
    "a-gratuity": ["gratuity"],
    "a-none": None,
    "b-pension": ["pension", "gratuity"],
    "b-hindi": ["पेंशन"],
    "c-pension": ["pension", "arrears", "पेंशन"],
}
QUERIES = [
    "pension",
    "Pension arrears",
    "pens",
    "पेंशन",
    "पें",
    "gratuity pension",
    "stores",
    "मामला पेंशन",
]


@pytest.fixture
def placed(world, make_record):
    """Records of subsections A, B and C holding the words above (one without documents)."""
    subsections = {"a": world.sub_a, "b": world.sub_b, "c": world.sub_c}
    records = {}
    for name, words in WORDS.items():
        record = make_record(actor=world.head, subsection=subsections[name[0]], subject="Letter")
        MailRecord.objects.filter(pk=record.pk).update(document_words=search.stored_words(words))
        records[name] = record.pk
    return records


def _found(condition) -> set[int]:
    return set(MailRecord.objects.filter(condition).values_list("pk", flat=True))


@pytest.mark.parametrize("query", QUERIES)
def test_words_asked_inside_subsections_find_what_the_words_index_finds_there(world, placed, query):
    inside = [world.sub_a.pk, world.sub_b.pk]
    asked = words_in_documents(query, listed={}, subsections=inside)
    everywhere = words_in_documents(query, listed={})

    with CaptureQueriesContext(connection) as queries:
        found = _found(asked)
    assert "records_place_words(" in queries.captured_queries[-1]["sql"]
    assert found == _found(everywhere) & _found(Q(subsection__in=inside))
    assert found <= {pk for name, pk in placed.items() if name[0] in "ab"}


def test_the_words_asked_find_the_records_of_each_subsection_asked_and_no_other(world, placed):
    in_a = words_in_documents("pension", listed={}, subsections=[world.sub_a.pk])
    in_c = words_in_documents("pension", listed={}, subsections=[world.sub_c.pk])
    assert _found(in_a) == {placed["a-pension"], placed["a-pensioner"]}
    assert _found(in_c) == {placed["c-pension"]}

    # A record moved to another subsection is found there from then on.
    MailRecord.objects.filter(pk=placed["c-pension"]).update(subsection=world.sub_a)
    assert _found(in_a) == {placed["a-pension"], placed["a-pensioner"], placed["c-pension"]}
    assert _found(in_c) == set()


def test_the_index_answers_the_words_asked_inside_subsections(world, placed):
    asked = words_in_documents("pension", listed={}, subsections=[world.sub_a.pk])
    records = MailRecord.objects.filter(asked).order_by()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = records.explain()
    assert "record_place_document_words" in plan


def test_a_prefix_of_too_many_words_is_asked_of_the_words_index_inside_the_subsections(
    world, make_record
):
    """Not listed, the prefix cannot be named with a place: the words' own index answers, and
    the subsections are asked beside it."""
    many = [f"ref{number}" for number in range(MAX_WORDS_OF_A_PREFIX + 1)]
    records = {}
    for subsection in (world.sub_a, world.sub_c):
        record = make_record(actor=world.head, subsection=subsection, subject="Letter")
        MailRecord.objects.filter(pk=record.pk).update(document_words=search.stored_words(many))
        records[subsection.pk] = record.pk

    asked = words_in_documents("ref", listed={}, subsections=[world.sub_a.pk])
    with CaptureQueriesContext(connection) as queries:
        found = _found(asked)
    assert found == {records[world.sub_a.pk]}
    assert "records_place_words(" not in queries.captured_queries[-1]["sql"]


@pytest.mark.parametrize("only_in_documents", [True, False])
def test_a_section_heads_search_asks_the_words_named_with_their_subsections(
    api, world, placed, make_record, monkeypatch, only_in_documents
):
    """The list is read through the words named with the section's subsections: searched only
    in the documents, as its condition; searched everywhere, as an arm of its own beside the
    letter number, subject and sender of the records it leaves out (records.places.
    SearchArms: in the OR the named words would be computed for every record found). A
    record found both ways is listed once."""
    monkeypatch.setattr(filters, "WALK_HITS", filters.WALK_PROBE + 1)  # never found early
    subject_and_documents = make_record(actor=world.head, subsection=world.sub_a, subject="Pension")
    MailRecord.objects.filter(pk=subject_and_documents.pk).update(
        document_words=search.stored_words(["pension"])
    )
    subject_only = make_record(actor=world.head, subsection=world.sub_b, subject="Pension claim")
    query = {"q": "pension", **({"in_documents": "true"} if only_in_documents else {})}
    with CaptureQueriesContext(connection) as queries:
        answer = api.as_(world.section_head).get("/api/records/", query)
    found = [item["id"] for item in answer.json()["results"]]
    seen = set(records_visible_to(world.section_head).values_list("pk", flat=True))
    pension = {placed[name] for name in ("a-pension", "a-pensioner", "b-pension", "c-pension")}
    pension |= {subject_and_documents.pk} | (set() if only_in_documents else {subject_only.pk})
    assert sorted(found) == sorted(pension & seen)
    assert {placed["a-pension"], placed["b-pension"], subject_and_documents.pk} <= set(found)
    listing = [q["sql"] for q in queries if "ORDER BY" in q["sql"] and "LIMIT" in q["sql"]][-1]
    documents = listing.split(" UNION ALL ")[0]
    assert "records_place_words(" in documents
    assert '"document_words" @@' not in documents
    assert ("LIKE" in listing) is not only_in_documents
