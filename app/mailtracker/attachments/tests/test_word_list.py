"""A word typed is searched as the start of the documents' words. On PostgreSQL the search asks
the words' index for the documents' words that begin with it, from the list the database keeps
(records.DocumentWord, migration records.0016), instead of a prefix the index answers four times
slower: the records found must be the prefix's, whichever way a record got its words."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mailtracker.attachments import search
from mailtracker.attachments.selectors import MAX_WORDS_OF_A_PREFIX
from mailtracker.records.models import DocumentWord, MailRecord

pytestmark = pytest.mark.skipif("connection.vendor != 'postgresql'")
# The records' words asked of either index: the words' own, or the words named with their
# subsection (records migration 0020) when the list is read inside subsections.
ASKS_WORDS = re.compile(r'"document_words" @@|records_place_words\(')


def give_words(*records, words):
    """The records' documents' words, written as one bulk update (as a data migration would)."""
    ids = [record.pk for record in records]
    MailRecord.objects.filter(pk__in=ids).update(document_words=search.stored_words(words))


def found_in_documents(api, user, query):
    """The ids found, and the statements that read the records' words (the list's last; a
    handful of matches is read first, through the words' index)."""
    with CaptureQueriesContext(connection) as queries:
        response = api.as_(user).get("/api/records/", {"q": query, "in_documents": "true"})
    statements = [query["sql"] for query in queries.captured_queries]
    # The tsquery is a quoted literal in the statement: its own quotes are doubled.
    asked = [sql.replace("''", "'") for sql in statements if ASKS_WORDS.search(sql)]
    return sorted(record["id"] for record in response.json()["results"]), asked


def test_a_word_typed_finds_the_records_of_every_word_it_begins_asked_as_those_words(
    api, world, make_record
):
    pension, pensions, pensioner, other = (make_record(subject="Letter") for _ in range(4))
    give_words(pension, words=["pension", "arrears"])
    give_words(pensions, words=["pensions"])
    give_words(pensioner, words=["pensioner", "पेंशन"])
    give_words(other, words=["pen", "gratuity"])

    found, asked = found_in_documents(api, world.officer_a, "Pension")

    assert found == sorted([pension.pk, pensions.pk, pensioner.pk])
    # Read inside the officer's subsection: the words named with it.
    place = world.officer_a.subsection_id
    assert f"{{{place}:pension,{place}:pensioner,{place}:pensions}}" in asked[-1]
    assert ":*" not in asked[-1]
    found, asked = found_in_documents(api, world.head, "Pension")  # the register: no place
    assert found == sorted([pension.pk, pensions.pk, pensioner.pk])
    assert "('pension' | 'pensioner' | 'pensions')" in asked[-1]
    assert found_in_documents(api, world.officer_a, "पेंश")[0] == [pensioner.pk]
    assert found_in_documents(api, world.officer_a, "pension arrears")[0] == [pension.pk]


def test_a_word_in_no_document_finds_nothing_until_a_document_brings_it(api, world, make_record):
    record = make_record(subject="Letter")
    give_words(record, words=["sanction"])
    assert found_in_documents(api, world.officer_a, "gratuity")[0] == []

    give_words(record, words=["sanction", "gratuityfund"])

    assert found_in_documents(api, world.officer_a, "gratuity")[0] == [record.pk]
    assert DocumentWord.objects.filter(word__in=["sanction", "gratuityfund"]).count() == 2


def test_a_record_inserted_with_its_words_is_found_by_them(api, world, make_record):
    copy = make_record(subject="Letter")
    copy.pk, copy.serial, copy.document_words = None, "2026/99999", "'circular' 'circulars'"
    copy.save(force_insert=True)

    assert found_in_documents(api, world.officer_a, "circ")[0] == [copy.pk]


def test_a_word_that_begins_too_many_words_is_asked_as_a_prefix_and_finds_them_all(
    api, world, make_record
):
    many, one = make_record(subject="Letter"), make_record(subject="Letter")
    give_words(many, words=[f"ref{number}" for number in range(MAX_WORDS_OF_A_PREFIX + 1)])
    give_words(one, words=["ref7x"])

    found, asked = found_in_documents(api, world.officer_a, "ref")

    assert found == sorted([many.pk, one.pk])
    assert asked
    assert all("'ref':*" in sql for sql in asked)
