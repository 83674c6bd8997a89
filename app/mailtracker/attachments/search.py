"""Search inside documents. Words are split and normalised here, in Python, the same way for a
page and for a query: Unicode NFC, case-folded, a word being a run of letters, combining marks
(Devanagari vowel signs, virama, nukta, anusvara) and digits, with zero-width joiners dropped.
PostgreSQL stores them as plain lexemes (``array_to_tsvector``) and matches them with a GIN
index; its own text-search parser never sees the text. That parser follows the database's
locale: under some locales it cuts a Devanagari word at its first vowel sign, so हिन्दी would be
three "words". On SQLite (development) the page text is searched directly."""

import unicodedata

from django.db import connection
from django.db.models import BooleanField, F, Func, Q
from django.db.models.expressions import RawSQL

WORD_CATEGORIES = ("L", "M", "N")
JOINERS = {"\u200c", "\u200d"}  # ZWNJ, ZWJ: shape a conjunct, do not change the word
MIN_QUERY_TERM = 2
MAX_TERM = 100
SNIPPET_CONTEXT = 80


def terms_of(text: str) -> list[str]:
    """The distinct words of a text, normalised, in order of first appearance."""
    words, current = {}, []
    for char in unicodedata.normalize("NFC", text or "").casefold():
        if char in JOINERS:
            continue
        if unicodedata.category(char)[0] in WORD_CATEGORIES:
            current.append(char)
        elif current:
            words.setdefault("".join(current)[:MAX_TERM], None)
            current = []
    if current:
        words.setdefault("".join(current)[:MAX_TERM], None)
    return list(words)


def query_terms(query: str) -> list[str]:
    """The words of a search that are long enough to search for."""
    return [term for term in terms_of(query) if len(term) >= MIN_QUERY_TERM]


def _tsquery(terms: list[str], *, every: bool = True, words_of=None) -> str:
    """Every term (or any), as a prefix (so "pension" also finds "pensions"). With
    ``words_of`` (a term -> the words of the documents that begin with it, None when too many
    to list), a term is asked as those words themselves (see ``words_match``)."""
    return (" & " if every else " | ").join(_asked(term, words_of) for term in terms)


def _asked(term: str, words_of) -> str:
    words = words_of(term) if words_of else None
    if words is None:
        return f"{_quoted(term)}:*"
    # No document holds a word that begins with the term: the word itself, found nowhere.
    return "(" + " | ".join(_quoted(word) for word in words or [term]) + ")"


def _quoted(word: str) -> str:
    """A word as a tsquery lexeme, whatever it holds (the app's words hold only letters, marks
    and digits, but the words listed come from the database)."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


class _TermsMatch(Func):
    """A page's ``terms`` (words joined by spaces) match every query word as a prefix."""

    template = "array_to_tsvector(string_to_array(%(expressions)s, ' ')) @@ CAST(%%s AS tsquery)"
    output_field = BooleanField()

    def __init__(self, expression, terms: list[str], *, every: bool = True, words_of=None):
        super().__init__(expression)
        self.tsquery = _tsquery(terms, every=every, words_of=words_of)

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return sql, (*params, self.tsquery)


class _WordsMatch(_TermsMatch):
    """A stored tsvector of words matches every query word as a prefix."""

    template = "%(expressions)s @@ CAST(%%s AS tsquery)"


def pages_matching(pages, terms: list[str], *, every: bool = True):
    """Pages (a DocumentPage queryset) whose words include every term (or, with ``every``
    false, any of them) as a prefix."""
    if connection.vendor == "postgresql":
        return pages.filter(_TermsMatch("terms", terms, every=every))
    conditions = [Q(terms__contains=term) for term in terms]
    condition = conditions[0]
    for other in conditions[1:]:
        condition = condition & other if every else condition | other
    return pages.filter(condition)


def has_every_term(page_terms: str, terms: list[str]) -> bool:
    """Whether a page's words include every term as a prefix (as the index matches them)."""
    words = page_terms.split()
    return all(any(word.startswith(term) for word in words) for term in terms)


def words_match(field: str, terms: list[str], *, words_of=None) -> Q:
    """A condition: the stored words in ``field`` (see ``stored_words``) include every term as
    a prefix. On PostgreSQL a GIN index on the field answers it. Its partial-match scan of a
    prefix is four times slower than a look-up of the same records' words themselves (7.7-9.3
    against 2.1 ms for a word in 24,390 records at a million): given ``words_of`` (a term ->
    the words stored that begin with it, or None when too many), each term is asked as those
    words."""
    if connection.vendor == "postgresql":
        return Q(_WordsMatch(field, terms, words_of=words_of))
    condition = Q()
    for term in terms:
        condition &= Q(**{f"{field}__contains": term})
    return condition


class _WordsInPlaces(Func):
    """A record's document words, each named with its subsection (records migration 0020),
    include one of ``asked`` (``2:gratuity``)."""

    template = "records_place_words(%(expressions)s) && CAST(%%s AS text[])"
    output_field = BooleanField()

    def __init__(self, asked: list[str]):
        super().__init__(F("subsection_id"), F("document_words"))
        self.asked = asked

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return sql, (*params, self.asked)


def words_in_places(terms: list[str], places: list[int], *, words_of) -> Q:
    """A condition on records of ``places`` (subsection ids): their documents hold, for every
    term, one of the words ``words_of`` lists for it (the term itself when it lists none, as
    ``words_match`` asks it). PostgreSQL only: an index holds each record's words named with
    its subsection, so the words are looked up in those subsections alone; exact, as the words
    asked are whole words."""
    asked = [
        [f"{place}:{word}" for place in places for word in words_of(term) or [term]]
        for term in terms
    ]
    return Q(*(_WordsInPlaces(words) for words in asked))


def stored_words(terms: list[str]):
    """The value to store for these (normalised) words: a tsvector of them as they are on
    PostgreSQL (its text-search parser never sees them, see above), the words joined by spaces
    on SQLite; None for no words."""
    if not terms:
        return None
    if connection.vendor == "postgresql":
        return RawSQL("array_to_tsvector(%s::text[])", (terms,))
    return " ".join(terms)


def snippet(text: str, terms: list[str]) -> tuple[str, str, str]:
    """The text around the first place a term occurs: (before, the words found, after)."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    folded = text.casefold()
    hits = [(folded.find(term), term) for term in terms if folded.find(term) >= 0]
    if not hits or len(folded) != len(text):
        return text[: 2 * SNIPPET_CONTEXT], "", ""
    start, term = min(hits)
    end = start + len(term)
    # Extend to the end of the word the prefix matched.
    while end < len(text) and unicodedata.category(text[end])[0] in WORD_CATEGORIES:
        end += 1
    before = text[max(0, start - SNIPPET_CONTEXT) : start]
    after = text[end : end + SNIPPET_CONTEXT]
    return (
        ("…" if start > SNIPPET_CONTEXT else "") + before,
        text[start:end],
        after + ("…" if end + SNIPPET_CONTEXT < len(text) else ""),
    )
