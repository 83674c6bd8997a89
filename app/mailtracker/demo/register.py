"""A large synthetic register for benchmarks: six sections of four subsections, an officer and a
clerk per subsection, a section head per section (the monitoring officer of its records), an
auditor of two subsections, the head, and N records registered one after another over five
years in every state, with assignments for every record that left "created". Rows are made by
PostgreSQL itself (generate_series), so a million records take a minute, not an hour.

The shape follows a real register, because query plans depend on it: ids grow with the time of
registration (and so, within days, with the received date), old letters are closed, one in ten
has no due date and one in twenty no letter date, and one record in a hundred is also given to
an officer of another section, who then sees it by holding it (rule 12)."""

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from mailtracker.accounts.roles import Role
from mailtracker.org.models import Office, Section, Subsection

SECTIONS = 6
SUBSECTIONS_PER_SECTION = 4
# The auditor's subsections: one in each of two sections.
AUDITED = ("S1-2", "S2-2")
# Whose lists the bench measures, one person per role.
BENCH_USERS = {
    Role.HEAD: "bench_head",
    Role.SECTION_HEAD: "bench_head_1",
    Role.OFFICER: "bench_officer_1_1",
    Role.CLERK: "bench_clerk_1_1",
    Role.AUDITOR: "bench_auditor",
}
WORDS = [
    "pension",
    "revision",
    "audit",
    "budget",
    "grant",
    "inspection",
    "leave",
    "claim",
    "court",
    "vehicle",
    "property",
    "return",
    "salary",
    "arrears",
    "stores",
    "purchase",
    "tender",
    "contract",
    "works",
    "estimate",
    "sanction",
    "transfer",
    "posting",
    "training",
    "medical",
    "reimbursement",
    "travel",
    "allowance",
    "advance",
    "recovery",
    "loan",
    "deposit",
    "refund",
]

# One statement builds every record: registered at even steps over five years (ids in order of
# registration); the status and the subsection are drawn per row, from the row number rather
# than random() so that every run of the same size builds the same register (a test or a
# benchmark that passed once passes again).
RECORDS_SQL = """
WITH params AS (
    SELECT %(first_id)s::bigint AS first_id, %(sub_ids)s::bigint[] AS subs,
           %(sec_ids)s::bigint[] AS secs, %(clerk_ids)s::bigint[] AS clerks,
           %(monitor_ids)s::bigint[] AS monitors, %(words)s::text[] AS words,
           date_trunc('day', now()) - interval '1826 days' AS start,
           interval '1826 days' / %(count)s AS step
), rows AS (
    SELECT g::bigint AS n, 1 + (g %% array_length(p.subs, 1)) AS slot,
           p.start + (g - 1) * p.step AS registered,
           ((g::bigint * 48271) %% 1009)::float / 1009 AS r, p.*
    FROM generate_series(1, %(count)s) AS g, params p
), received AS (
    -- Received up to four days before registration.
    SELECT rows.*, registered::date - (n %% 5)::int AS received FROM rows
), dated AS (
    -- Letters received more than 120 days ago are closed, and 55 %% of the newer ones. Serial
    -- numbers count on per year of registration from the year's counter (rule 3).
    SELECT received.*, received < CURRENT_DATE - 120 OR r < 0.55 AS closed,
           row_number() OVER (PARTITION BY extract(year FROM registered) ORDER BY n)
           + COALESCE((SELECT last_number FROM records_serialcounter AS c
                       WHERE c.year = extract(year FROM registered)), 0) AS number
    FROM received
)
INSERT INTO records_mailrecord (
    id, serial, letter_number, letter_date, received_date, subject, from_office,
    action_required, initial_instructions, due_date, section_id, subsection_id, status,
    monitoring_officer_id, current_action_status, current_action_remarks,
    completion_date, stage_since, created_by_id, created_at, updated_at)
SELECT first_id + n,
       extract(year FROM registered)::int || '/'
           || lpad(number::text, GREATEST(3, length(number::text)), '0'),
       'L/' || n,
       CASE WHEN n %% 20 <> 0 THEN received - 3 END,
       received,
       initcap(words[1 + (n * 31) %% array_length(words, 1)]) || ' ' ||
           words[1 + (n * 17) %% array_length(words, 1)] || ' ' ||
           words[1 + (n * 7) %% array_length(words, 1)] || ' case ' || n,
       'Office ' || (n %% 400), 'Examine and reply', '',
       CASE WHEN n %% 10 <> 0 THEN received + 30 END,
       secs[slot], subs[slot],
       CASE WHEN closed THEN 'closed'
            WHEN r < 0.70 THEN 'in_progress' WHEN r < 0.85 THEN 'assigned' ELSE 'created' END,
       monitors[slot], '', '',
       CASE WHEN closed THEN LEAST(received + 20, CURRENT_DATE) END,
       -- Closed: when it was closed; open: some time after registration (not in the future).
       CASE WHEN closed THEN LEAST(registered + interval '20 days', now())
            WHEN r >= 0.85 THEN registered
            ELSE LEAST(registered + (r - 0.55) * interval '40 days', now()) END,
       clerks[slot], registered, registered
FROM dated
"""
# The serial counters go on after the generated numbers, so records registered later follow.
SERIALS_SQL = """
INSERT INTO records_serialcounter (year, last_number)
SELECT split_part(serial, '/', 1)::int, max(split_part(serial, '/', 2)::int)
FROM records_mailrecord WHERE id > %(first_id)s GROUP BY 1
ON CONFLICT (year) DO UPDATE SET last_number = excluded.last_number
"""
# Every record that left "created" is held by its subsection's officer (ended when the record
# was closed, as closing does); the "created" ones are held by nobody and wait in the "To
# assign" queue. One in a hundred is also held by the officer of the same place in the next
# section: outside that officer's scope, so marked as such.
ASSIGNMENTS_SQL = """
INSERT INTO records_assignment (record_id, assignee_id, assigned_by_id, instructions, state,
                                assigned_at, ended_at, ended_by_id, end_remark, parent_id,
                                outside_scope)
SELECT r.id, m.officer, r.created_by_id, '',
       CASE WHEN r.status = 'closed' THEN 'closed' ELSE 'active' END,
       r.created_at, CASE WHEN r.status = 'closed' THEN r.stage_since END,
       CASE WHEN r.status = 'closed' THEN m.officer END, '', NULL, m.outside
FROM records_mailrecord r
CROSS JOIN (SELECT %(sub_ids)s::bigint[] AS subs, %(officer_ids)s::bigint[] AS officers) o
CROSS JOIN LATERAL (
    SELECT o.officers[array_position(o.subs, r.subsection_id)] AS officer, false AS outside
    UNION ALL
    SELECT o.officers[1 + (array_position(o.subs, r.subsection_id) - 1 + %(per_section)s)
                      %% array_length(o.subs, 1)], true
    WHERE r.id %% 100 = 0
) m
WHERE r.id > %(first_id)s AND r.status <> 'created'
"""


def _people(password: str) -> dict[str, list[int]]:
    """The office and its people; per subsection, in one order: its id, its section's id, its
    clerk, its officer and its section's head (the records' monitoring officer, rule 4)."""
    User = get_user_model()
    office, _ = Office.objects.get_or_create(name="Benchmark Office")
    places = {"sub_ids": [], "sec_ids": [], "clerk_ids": [], "officer_ids": [], "monitor_ids": []}
    for s in range(1, SECTIONS + 1):
        section, _ = Section.objects.get_or_create(office=office, name=f"Bench section {s}")
        head = _user(User, f"bench_head_{s}", Role.SECTION_HEAD, None, password)
        head.managed_sections.add(section)
        for b in range(1, SUBSECTIONS_PER_SECTION + 1):
            sub, _ = Subsection.objects.get_or_create(section=section, name=f"S{s}-{b}")
            places["sub_ids"].append(sub.pk)
            places["sec_ids"].append(section.pk)
            places["clerk_ids"].append(
                _user(User, f"bench_clerk_{s}_{b}", Role.CLERK, sub, password).pk
            )
            places["officer_ids"].append(
                _user(User, f"bench_officer_{s}_{b}", Role.OFFICER, sub, password).pk
            )
            places["monitor_ids"].append(head.pk)
    _user(User, "bench_head", Role.HEAD, None, password)
    auditor = _user(User, "bench_auditor", Role.AUDITOR, None, password)
    auditor.audited_subsections.add(*Subsection.objects.filter(name__in=AUDITED))
    return places


def _user(User, username, role, subsection, password):
    user, created = User.objects.get_or_create(
        username=username, defaults={"role": role, "subsection": subsection}
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


# One page of text per record: words of the register's vocabulary plus Hindi ones, already in
# the normalised form the app stores (attachments.search), and kept on the record as the app
# keeps them, so searching them works as for processed documents. The bench searches for a word
# found in one record in fifty, drawn from the id (not every fiftieth, which would put it in
# every other subsection only, and only on records without a due date): the records with the
# word lie along every order and in every subsection, as a real word's do.
HINDI_WORDS = ["कार्यालय", "पेंशन", "हिन्दी", "प्रशासनिक", "संशोधन", "विभाग", "अनुदान", "लेखा"]
RARE_WORD = "gratuity"
PAGES_SQL = """
INSERT INTO attachments_pdfattachment (
    id, record_id, stage, original_name, size, sha256, page_count, uploaded_by_id, uploaded_at,
    version, removed_reason, active_content, processing_state, processing_error, processed_at,
    has_thumbnail)
SELECT md5(r.id::text)::uuid, r.id, 'created', 'letter.pdf', 1000, repeat('0', 64), 1,
       r.created_by_id, r.created_at, 1, '', '[]'::jsonb, 'done', '', r.created_at, false
FROM records_mailrecord r WHERE r.id > %(first_id)s;
INSERT INTO attachments_documentpage (attachment_id, record_id, number, source, text, terms)
SELECT md5(r.id::text)::uuid, r.id, 1, 'text_layer', t.words, t.words
FROM records_mailrecord r,
LATERAL (SELECT array_to_string(ARRAY(
    SELECT w[1 + ((r.id * k * 7919) %% array_length(w, 1))::int]
    FROM generate_series(1, 40) AS k) ||
    CASE WHEN (r.id * 48271) %% 1009 < 20 THEN ARRAY[%(rare)s] ELSE ARRAY[]::text[] END, ' ')
      AS words
  FROM (SELECT %(words)s::text[] AS w) AS v) AS t
WHERE r.id > %(first_id)s;
UPDATE records_mailrecord r SET document_words = array_to_tsvector(string_to_array(p.terms, ' '))
FROM attachments_documentpage p WHERE p.record_id = r.id AND r.id > %(first_id)s;
"""


@transaction.atomic
def generate_register(*, records: int, password: str, with_text: bool = False) -> str:
    places = _people(password)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM records_mailrecord")
        first_id = cursor.fetchone()[0]
        params = {**places, "first_id": first_id, "words": WORDS, "count": records}
        cursor.execute(RECORDS_SQL, params)
        cursor.execute(SERIALS_SQL, params)
        cursor.execute(ASSIGNMENTS_SQL, {**params, "per_section": SUBSECTIONS_PER_SECTION})
        if with_text:
            cursor.execute(
                PAGES_SQL, {"first_id": first_id, "words": WORDS + HINDI_WORDS, "rare": RARE_WORD}
            )
            cursor.execute("ANALYZE attachments_documentpage")
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('records_mailrecord', 'id'), "
            "(SELECT MAX(id) FROM records_mailrecord))"
        )
        cursor.execute("ANALYZE records_mailrecord")
        cursor.execute("ANALYZE records_assignment")
        cursor.execute("SELECT COUNT(*) FROM records_mailrecord")
        total = cursor.fetchone()[0]
    return f"added {records} records; the register now holds {total}"
