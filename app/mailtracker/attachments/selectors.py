from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.http import Http404

from mailtracker.attachments import search
from mailtracker.attachments.models import DocumentPage, PdfAttachment
from mailtracker.core.lookups import AnyOf
from mailtracker.records.models import DocumentWord

# A word typed that begins more of the documents' words than this is asked as a prefix.
MAX_WORDS_OF_A_PREFIX = 32
CURRENT = Q(superseded_at__isnull=True, removed_at__isnull=True)
# Pages of the documents a record shows now: superseded and removed versions are not searched.
CURRENT_PAGES = Q(attachment__superseded_at__isnull=True, attachment__removed_at__isnull=True)


def attachments_of(*, record, history: bool = False) -> QuerySet[PdfAttachment]:
    """The record's documents, oldest first: the current versions, or with ``history`` every
    version ever stored (superseded and removed ones too). ``record`` is a record the caller has
    checked is visible, or a queryset of visible records (then the check happens in the same
    statement)."""
    condition = {"record__in": record} if isinstance(record, QuerySet) else {"record": record}
    documents = PdfAttachment.objects.filter(**condition).select_related("uploaded_by")
    return documents if history else documents.filter(CURRENT)


def attachment_of(*, record, attachment_id) -> PdfAttachment:
    """Any version of one of the record's documents: history links open superseded ones too."""
    try:
        return attachments_of(record=record, history=True).get(pk=attachment_id)
    except (PdfAttachment.DoesNotExist, ValidationError, ValueError):
        raise Http404("No such document.") from None


def attachment_to_show(*, record, attachment_id=None) -> PdfAttachment:
    """The attachment asked for, or else the newest incoming letter, or else the newest one."""
    if attachment_id:
        attachment = attachment_of(record=record, attachment_id=attachment_id)
    else:
        newest = attachments_of(record=record).order_by("-uploaded_at", "-id")
        attachment = newest.filter(stage=PdfAttachment.Stage.CREATED).first() or newest.first()
    if attachment is None or attachment.purged_at:
        raise Http404("This record has no document.")
    return attachment


def words_in_documents(query: str, *, listed: dict | None = None, subsections=None) -> Q | None:
    """A condition on records: one of their current documents contains every word of the query
    (as a prefix). Read from the words each record keeps of its documents
    (``MailRecord.document_words``), so it is an index on the records' own table; None when
    the query has no word to search for. ``listed`` (a dict the caller keeps, term -> words):
    each word of the query is asked as the documents' words that begin with it (see
    search.words_match), for a list read through the index rather than walked. With
    ``subsections`` too, only records of those subsections, their words asked of the index of
    each record's words named with its subsection (search.words_in_places) when every word of
    the query lists its words and that index exists (PostgreSQL)."""
    terms = search.query_terms(query)
    if not terms:
        return None
    if listed is None:
        return search.words_match("document_words", terms)
    for term in terms:
        if term not in listed:
            listed[term] = _document_words_beginning(term)
    every_word_listed = all(listed[term] is not None for term in terms)
    if subsections and every_word_listed and connection.vendor == "postgresql":
        return search.words_in_places(terms, subsections, words_of=listed.get)
    found = search.words_match("document_words", terms, words_of=listed.get)
    return found & Q(AnyOf(F("subsection_id"), subsections)) if subsections else found


def _document_words_beginning(term: str) -> list[str] | None:
    """The words of the records' documents that begin with ``term`` (DocumentWord), or None
    when there are more than MAX_WORDS_OF_A_PREFIX."""
    words = DocumentWord.objects.filter(word__startswith=term).order_by("word")
    listed = list(words.values_list("word", flat=True)[: MAX_WORDS_OF_A_PREFIX + 1])
    return None if len(listed) > MAX_WORDS_OF_A_PREFIX else listed


@dataclass(frozen=True)
class TextMatch:
    """Where a record's documents contain the words searched for: the first such page."""

    attachment_id: str
    document_name: str
    page: int
    before: str
    found: str
    after: str


def text_matches(*, record_ids: list[int], query: str) -> dict[int, TextMatch]:
    """For each of these records (a listed page of them) whose documents contain the query, the
    first page with every word (or, when the words are on different pages, the first with one
    of them) and the text around the words."""
    terms = search.query_terms(query)
    if not terms or not record_ids:
        return {}
    pages = DocumentPage.objects.filter(CURRENT_PAGES, record_id__in=record_ids)
    pages = search.pages_matching(pages, terms, every=False).select_related("attachment")
    chosen = {}
    for page in pages.order_by("record_id", "attachment__uploaded_at", "number"):
        first = chosen.get(page.record_id)
        better = search.has_every_term(page.terms, terms) and not (
            first and search.has_every_term(first.terms, terms)
        )
        if first is None or better:
            chosen[page.record_id] = page
    matches = {}
    for record_id, page in chosen.items():
        before, found, after = search.snippet(page.text, terms)
        matches[record_id] = TextMatch(
            str(page.attachment_id), page.attachment.original_name, page.number,
            before, found, after,
        )  # fmt: skip
    return matches
