"""Thumbnails and page text, made outside the request: the text layer where a page has one,
OCR (OCRmyPDF, Tesseract eng+hin) where it has none; searched with PostgreSQL full-text search
from the register (API ``q`` and UI), with the page and the words around them."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from mailtracker.attachments import search, services
from mailtracker.attachments.models import DocumentPage, PdfAttachment


@pytest.fixture
def inline(settings):
    settings.DOCUMENT_PROCESSING = "inline"


def stored(api, user, record, content, capture, name="scan.pdf"):
    """Upload through the API, committing so that inline processing runs."""
    file = SimpleUploadedFile(name, content, "application/pdf")
    with capture(execute=True):
        response = api.as_(user).post(
            f"/api/records/{record.pk}/pdf/", {"file": file}, format="multipart"
        )
    assert response.status_code == 201, response.json()
    return PdfAttachment.objects.get(pk=response.json()["id"])


def search_api(api, user, query, **params):
    return api.as_(user).get("/api/records/", {"q": query, **params}).json()["results"]


def test_a_scanned_english_letter_is_read_by_ocr_and_found_by_a_word_of_it(
    api, world, make_record, corpus, inline, django_capture_on_commit_callbacks
):
    record = make_record(subject="Unrelated subject")
    attachment = stored(
        api, world.clerk_a, record, corpus.english_scan(), django_capture_on_commit_callbacks
    )
    assert attachment.processing_state == "done"
    page = attachment.pages.get()
    assert (page.number, page.source) == (1, "ocr")
    assert "sanctioned" in page.text
    [found] = search_api(api, world.officer_a, "arrears sanctioned")
    assert found["id"] == record.pk
    assert found["text_match"]["page"] == 1
    assert found["text_match"]["found"].lower() == "arrears"
    assert "sanctioned" in found["text_match"]["snippet"]


def test_a_page_of_a_few_pixels_is_read_at_a_resolution_ocr_can_use_and_the_scan_after_it_too(
    api, world, make_record, corpus, inline, django_capture_on_commit_callbacks
):
    """Rasterized at its image's own resolution (0.6 dpi), the first page made Ghostscript fail
    ("rangecheck in setscreen"), and with it the text of the whole document."""
    record = make_record(subject="Unrelated subject")
    attachment = stored(
        api,
        world.clerk_a,
        record,
        corpus.blur_then_english_scan(),
        django_capture_on_commit_callbacks,
    )
    assert (attachment.processing_state, attachment.processing_error) == ("done", "")
    assert [page.source for page in attachment.pages.order_by("number")] == ["ocr", "ocr"]
    assert "sanctioned" in attachment.pages.get(number=2).text
    assert [r["id"] for r in search_api(api, world.officer_a, "sanctioned")] == [record.pk]


@pytest.mark.parametrize("word", ["हिन्दी", "कार्यालय", "प्रशासनिक", "पेंशन"])
def test_a_hindi_scan_is_read_by_ocr_and_found_by_a_word_with_matras_and_conjuncts(
    api, world, make_record, corpus, inline, django_capture_on_commit_callbacks, word
):
    record = make_record()
    stored(api, world.clerk_a, record, corpus.hindi_scan(), django_capture_on_commit_callbacks)
    results = search_api(api, world.officer_a, word, in_documents="true")
    assert [r["id"] for r in results] == [record.pk]
    assert results[0]["text_match"]["found"] == word


def test_a_hindi_text_pdf_is_read_from_its_text_layer_and_found(
    api, world, make_record, corpus, inline, django_capture_on_commit_callbacks
):
    record = make_record()
    attachment = stored(
        api, world.clerk_a, record, corpus.hindi_text(), django_capture_on_commit_callbacks
    )
    assert attachment.pages.get().source == "text_layer"
    assert [r["id"] for r in search_api(api, world.officer_a, "संशोधन")] == [record.pk]


def test_devanagari_words_stay_whole_with_their_vowel_signs_and_conjuncts():
    # ZWJ inside a conjunct and decomposed nukta forms normalise to the same word.
    assert search.terms_of("हिन्दी में, क्\u200dष और क़लम") == ["हिन्दी", "में", "क्ष", "और", "क़लम"]
    assert search.terms_of("Pension PENSION pension.") == ["pension"]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_finds_records_by_their_documents_words_through_the_gin_index(
    api, world, make_record, corpus, inline, django_capture_on_commit_callbacks
):
    record = make_record()
    stored(api, world.clerk_a, record, corpus.hindi_text(), django_capture_on_commit_callbacks)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM records_mailrecord WHERE document_words @@ CAST(%s AS tsquery)",
            ["'हिन्दी':*"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(
            "SELECT id FROM records_mailrecord WHERE document_words @@ CAST(%s AS tsquery)",
            ["'हिन्दी':* & 'पेंशन':*"],
        )
        found = [row[0] for row in cursor.fetchall()]
    assert "record_subsection_document_words" in plan
    assert found == [record.pk]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.parametrize(
    ("index", "indexed"),
    [
        ("record_subsection_document_words", "document_words"),
        ("record_subsection_subject_trgm", "upper((subject)::text) gin_trgm_ops"),
    ],
)
def test_the_search_indexes_hold_each_records_subsection(db, index, indexed):
    """So that a search inside the user's subsections is one scan of each index, not a bitmap
    of every record of those subsections ANDed with the matches (records migration 0017)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
        (definition,) = cursor.fetchone()
    assert definition.endswith(f"USING gin (subsection_id, {indexed})")


def test_words_in_two_documents_of_a_record_find_it_and_a_replaced_one_no_longer_does(
    api, world, make_record, corpus, inline, django_capture_on_commit_callbacks
):
    record = make_record(subject="Something else")
    english = stored(
        api, world.clerk_a, record, corpus.english_scan(), django_capture_on_commit_callbacks
    )
    stored(
        api, world.clerk_a, record, corpus.hindi_text(), django_capture_on_commit_callbacks,
        name="hindi.pdf",
    )  # fmt: skip
    both = search_api(api, world.officer_a, "sanctioned हिन्दी", in_documents="true")
    assert [r["id"] for r in both] == [record.pk]

    replacement = SimpleUploadedFile("plain.pdf", corpus.plain, "application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_(world.clerk_a).post(
            f"/api/records/{record.pk}/pdf/{english.pk}/replace/",
            {"file": replacement},
            format="multipart",
        )
    assert response.status_code == 201, response.json()
    assert search_api(api, world.officer_a, "sanctioned") == []
    assert [r["id"] for r in search_api(api, world.officer_a, "हिन्दी")] == [record.pk]


def test_search_only_in_documents_leaves_out_records_that_match_by_subject(
    api, world, make_record, corpus, inline, django_capture_on_commit_callbacks
):
    by_subject = make_record(subject="Arrears of pay")
    by_text = make_record(subject="Something else")
    stored(api, world.clerk_a, by_text, corpus.english_scan(), django_capture_on_commit_callbacks)
    everywhere = {r["id"] for r in search_api(api, world.officer_a, "arrears")}
    assert everywhere == {by_subject.pk, by_text.pk}
    only = search_api(api, world.officer_a, "arrears", in_documents="true")
    assert [r["id"] for r in only] == [by_text.pk]


def test_a_removed_or_superseded_document_no_longer_makes_the_record_found(
    api, world, make_record, corpus, inline, django_capture_on_commit_callbacks
):
    record = make_record()
    attachment = stored(
        api, world.clerk_a, record, corpus.english_scan(), django_capture_on_commit_callbacks
    )
    api.as_(world.clerk_a).post(
        f"/api/records/{record.pk}/pdf/{attachment.pk}/remove/", {"reason": "Wrong letter"}
    )
    assert search_api(api, world.officer_a, "sanctioned") == []


def test_nobody_outside_the_scope_finds_a_record_by_its_text(
    api, world, make_record, corpus, inline, django_capture_on_commit_callbacks
):
    stored(
        api, world.clerk_a, make_record(), corpus.english_scan(), django_capture_on_commit_callbacks
    )
    assert search_api(api, world.officer_c, "sanctioned") == []


def test_the_thumbnail_is_served_after_the_same_authorization_as_the_pdf(
    api, world, make_record, corpus, inline, django_capture_on_commit_callbacks, client
):
    record = make_record()
    attachment = stored(
        api, world.clerk_a, record, corpus.english_scan(), django_capture_on_commit_callbacks
    )
    url = f"/api/records/{record.pk}/pdf/{attachment.pk}/thumbnail/"
    answer = api.as_(world.officer_a).get(url)
    assert answer.status_code == 200
    assert answer["X-Accel-Redirect"] == f"/_protected_pdfs/{attachment.pk}.thumb.png"
    assert answer["Content-Type"] == "image/png"
    assert api.as_(world.officer_c).get(url).status_code == 404
    api.force_authenticate(None)
    assert api.get(url).status_code == 401
    listed = api.as_(world.officer_a).get("/api/records/").json()["results"][0]
    assert listed["thumbnail_url"] == url
    client.force_login(world.officer_a)
    page = client.get("/records/").content.decode()
    assert f"/records/{record.pk}/documents/{attachment.pk}/thumbnail/" in page
    assert (
        client.get(f"/records/{record.pk}/documents/{attachment.pk}/thumbnail/").status_code == 200
    )


def test_the_register_page_shows_the_words_found_with_their_page(
    api, world, make_record, corpus, inline, django_capture_on_commit_callbacks, client
):
    stored(
        api, world.clerk_a, make_record(), corpus.hindi_scan(), django_capture_on_commit_callbacks
    )
    client.force_login(world.officer_a)
    page = client.get("/records/", {"q": "पेंशन", "in_documents": "true"}).content.decode()
    assert "page 1" in page
    assert "<mark>पेंशन</mark>" in page


def test_a_document_that_cannot_be_processed_says_why_after_its_last_try(
    api, world, make_record, corpus, store
):
    record = make_record()
    file = SimpleUploadedFile("scan.pdf", corpus.linearized(), "application/pdf")
    data = (
        api.as_(world.clerk_a)
        .post(f"/api/records/{record.pk}/pdf/", {"file": file}, format="multipart")
        .json()
    )
    (store / f"{data['id']}.pdf").write_bytes(b"gone bad on disk")
    with pytest.raises(Exception):  # noqa: B017, PT011 — any error: the queue retries it
        services.document_process(attachment_id=data["id"], final_attempt=False)
    assert PdfAttachment.objects.get(pk=data["id"]).processing_state == "pending"
    services.document_process(attachment_id=data["id"], final_attempt=True)
    failed = api.as_(world.clerk_a).get(f"/api/records/{record.pk}/pdf/").json()[0]
    assert failed["processing_state"] == "failed"
    assert failed["processing_error"]


def test_an_upload_only_adds_a_job_to_the_queue(api, world, make_record, corpus, settings):
    settings.DOCUMENT_PROCESSING = "queue"
    record = make_record()
    file = SimpleUploadedFile("scan.pdf", corpus.english_scan(), "application/pdf")
    data = (
        api.as_(world.clerk_a)
        .post(f"/api/records/{record.pk}/pdf/", {"file": file}, format="multipart")
        .json()
    )
    assert data["processing_state"] == "pending"
    assert not DocumentPage.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT task_name, args->>'attachment_id', status FROM procrastinate_jobs")
        assert cursor.fetchall() == [("process_document", data["id"], "todo")]


@pytest.mark.django_db(transaction=True)
def test_the_worker_processes_the_queued_document(api, corpus, settings):
    from procrastinate.contrib.django import app

    from mailtracker.records import services as record_services
    from mailtracker.testing.world import build_world, record_fields

    settings.DOCUMENT_PROCESSING = "queue"
    world = build_world()
    record = record_services.record_create(
        actor=world.clerk_a, subsection=world.sub_a, assignees=[world.officer_a], **record_fields()
    )
    file = SimpleUploadedFile("scan.pdf", corpus.english_scan(), "application/pdf")
    api.as_(world.clerk_a).post(
        f"/api/records/{record.pk}/pdf/", {"file": file}, format="multipart"
    )
    # As `mailtracker procrastinate worker` does: the worker gets its own psycopg connector.
    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(queues=["documents"], wait=False, install_signal_handlers=False)
    attachment = PdfAttachment.objects.get()
    assert attachment.processing_state == "done"
    assert "sanctioned" in attachment.pages.get().text


def test_the_backfill_queues_older_documents_once(api, world, make_record, corpus, settings):
    settings.DOCUMENT_PROCESSING = "queue"
    file = SimpleUploadedFile("scan.pdf", corpus.english_scan(), "application/pdf")
    api.as_(world.clerk_a).post(f"/api/records/{make_record().pk}/pdf/", {"file": file})
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")  # as before the queue existed
    assert services.documents_backfill(states={"pending"}) == 1
    assert services.documents_backfill(states={"pending"}) == 0


def test_the_backfill_command_processes_inline_without_a_worker(
    api, world, make_record, corpus, inline, django_capture_on_commit_callbacks, capsys
):
    file = SimpleUploadedFile("scan.pdf", corpus.english_scan(), "application/pdf")
    api.as_(world.clerk_a).post(f"/api/records/{make_record().pk}/pdf/", {"file": file})
    PdfAttachment.objects.update(processed_at=timezone.now() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("process_documents")
    assert "queued 1" in capsys.readouterr().out
    assert PdfAttachment.objects.get().processing_state == "done"
