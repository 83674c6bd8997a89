"""The staff UI in Hindi: the catalogue is complete and compiled, and each staff page shows
Hindi (its words in Devanagari, none of the English interface left) for a person who chose it."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "mailtracker" / "locale" / "hi" / "LC_MESSAGES"
# English interface words that must not survive on a Hindi page (data such as subjects and
# names stays as typed).
ENGLISH = re.compile(
    r">\s*(Dashboard|Register|Notifications|Statement|Held by|Subject|Status|Due|Overdue|"
    r"Details|History|Assignments|Documents|Search|Apply|Log out|Settings|Save)\s*<"
)


def po_entries() -> dict:
    """msgid (or "context\\x04msgid") → msgstr(s), read from django.po."""
    entries, text = {}, (CATALOGUE / "django.po").read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:

        def joined(keyword, block=block):
            found = re.search(rf"^{keyword} ((?:\".*\"\n?)+)", block, re.M)
            if not found:
                return None
            raw = "".join(re.findall(r'"(.*)"', found.group(1)))
            return raw.encode("latin-1", "backslashreplace").decode("unicode_escape")

        msgid = joined("msgid")
        if msgid is None:
            continue
        context = joined("msgctxt")
        key = f"{context}\x04{msgid}" if context else msgid
        entries[key] = joined("msgstr") if joined("msgstr") is not None else joined(r"msgstr\[0\]")
    return entries


def test_every_message_of_the_catalogue_is_translated():
    untranslated = [msgid for msgid, msgstr in po_entries().items() if not msgstr]
    assert untranslated == []
    assert "#, fuzzy" not in (CATALOGUE / "django.po").read_text(encoding="utf-8")


def test_the_committed_compiled_catalogue_matches_the_translations():
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = [
        msgid
        for msgid, msgstr in po_entries().items()
        if catalogue._catalog.get(msgid, catalogue._catalog.get((msgid, 0))) != msgstr
    ]
    assert stale == [], "run manage.py compilemessages and commit django.mo"


@pytest.mark.parametrize(
    "path",
    ["/", "/records/", "/records/new/", "/statement/", "/notifications/", "/accounts/settings/",
     "/accounts/password/", "record"],
)  # fmt: skip
def test_each_staff_page_is_in_hindi_for_someone_who_chose_it(world, make_record, browser_as, path):
    record = make_record(assignees=[world.officer_a])
    world.officer_a.language = "hi"
    world.officer_a.save()
    url = f"/records/{record.pk}/" if path == "record" else path
    page = browser_as(world.officer_a).get(url).content.decode()
    assert '<html lang="hi">' in page
    assert ENGLISH.findall(page) == []
    assert re.search("[\u0900-\u097f]{3,}", page)


def test_the_login_page_follows_the_browser_and_the_switch(client, db):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    assert "लॉग इन करें" in page
    client.post("/language/", {"language": "en"})
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    assert ">Log in<" in page


def test_dates_follow_the_chosen_language(world, make_record, browser_as):
    record = make_record(assignees=[world.officer_a])
    world.officer_a.language = "hi"
    world.officer_a.save()
    page = browser_as(world.officer_a).get(f"/records/{record.pk}/").content.decode()
    assert "3 मा 2026" in page  # received 3 March 2026: Django's Hindi abbreviation of March
