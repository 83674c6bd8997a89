"""A large synthetic register for benchmarks: six sections of four subsections, an officer and a
clerk per subsection, a section head per section, and N records spread over five years in every
state, with assignments for every record that left "created". Rows are made by PostgreSQL
itself (generate_series), so a million records take a minute, not an hour."""

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from mailtracker.accounts.roles import Role
from mailtracker.org.models import Office, Section, Subsection

SECTIONS = 6
SUBSECTIONS_PER_SECTION = 4
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

# One statement builds every record: the status, dates and subsection are drawn per row, from
# the row number rather than random() so that every run of the same size builds the same register
# (a test or a benchmark that passed once passes again).
RECORDS_SQL = """
WITH params AS (
    SELECT %(first_id)s::bigint AS first_id, %(sub_ids)s::bigint[] AS subs,
           %(sec_ids)s::bigint[] AS secs, %(clerk_ids)s::bigint[] AS clerks,
           %(officer_ids)s::bigint[] AS officers, %(words)s::text[] AS words
), rows AS (
    SELECT g::bigint AS n, 1 + (g %% array_length(p.subs, 1)) AS slot,
           CURRENT_DATE - ((g::bigint * 7919) %% 1826)::int AS received,
           ((g::bigint * 48271) %% 1009)::float / 1009 AS r, p.*
    FROM generate_series(1, %(count)s) AS g, params p
)
INSERT INTO records_mailrecord (
    id, serial, letter_number, letter_date, received_date, subject, from_office,
    action_required, initial_instructions, due_date, section_id, subsection_id, status,
    monitoring_officer_id, current_action_status, current_action_remarks,
    completion_date, stage_since, created_by_id, created_at, updated_at)
SELECT first_id + n,
       'B' || extract(year FROM received)::int || '/' || lpad((first_id + n)::text, 7, '0'),
       'L/' || n, received - 3, received,
       initcap(words[1 + (n * 31) %% array_length(words, 1)]) || ' ' ||
           words[1 + (n * 17) %% array_length(words, 1)] || ' ' ||
           words[1 + (n * 7) %% array_length(words, 1)] || ' case ' || n,
       'Office ' || (n %% 400), 'Examine and reply', '',
       received + 30, secs[slot], subs[slot],
       CASE WHEN received < CURRENT_DATE - 120 OR r < 0.55 THEN 'closed'
            WHEN r < 0.70 THEN 'in_progress' WHEN r < 0.85 THEN 'assigned' ELSE 'created' END,
       NULL, '', '',
       CASE WHEN received < CURRENT_DATE - 120 OR r < 0.55 THEN received + 20 END,
       received::timestamptz, clerks[slot], received::timestamptz, received::timestamptz
FROM rows
"""
# Every record that left "created" is held by its subsection's officer (ended on the completion
# date once closed, as closing does); the "created" ones are held by nobody and wait in the
# "To assign" queue.
ASSIGNMENTS_SQL = """
INSERT INTO records_assignment (record_id, assignee_id, assigned_by_id, instructions, state,
                                assigned_at, ended_at, ended_by_id, end_remark, parent_id,
                                outside_scope)
SELECT r.id, m.officer, r.created_by_id, '',
       CASE WHEN r.status = 'closed' THEN 'closed' ELSE 'active' END,
       r.stage_since, r.completion_date::timestamptz,
       CASE WHEN r.status = 'closed' THEN m.officer END, '', NULL, false
FROM records_mailrecord r
JOIN unnest(%(sub_ids)s::bigint[], %(officer_ids)s::bigint[]) AS m(sub, officer)
  ON m.sub = r.subsection_id
WHERE r.id > %(first_id)s AND r.status <> 'created'
"""


def _people(password: str):
    User = get_user_model()
    office, _ = Office.objects.get_or_create(name="Benchmark Office")
    subs, secs, clerks, officers, heads = [], [], [], [], []
    for s in range(1, SECTIONS + 1):
        section, _ = Section.objects.get_or_create(office=office, name=f"Bench section {s}")
        head = _user(User, f"bench_head_{s}", Role.SECTION_HEAD, None, password)
        head.managed_sections.add(section)
        heads.append(head)
        for b in range(1, SUBSECTIONS_PER_SECTION + 1):
            sub, _ = Subsection.objects.get_or_create(section=section, name=f"S{s}-{b}")
            subs.append(sub.pk)
            secs.append(section.pk)
            clerks.append(_user(User, f"bench_clerk_{s}_{b}", Role.CLERK, sub, password).pk)
            officers.append(_user(User, f"bench_officer_{s}_{b}", Role.OFFICER, sub, password).pk)
    _user(User, "bench_head", Role.HEAD, None, password)
    return subs, secs, clerks, officers


def _user(User, username, role, subsection, password):
    user, created = User.objects.get_or_create(
        username=username, defaults={"role": role, "subsection": subsection}
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


# One page of text per record: words of the register's vocabulary plus Hindi ones, already in
# the normalised form the app stores (attachments.search), so searching them works as for
# processed documents. The bench searches for a word found in about one record in fifty.
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
    CASE WHEN r.id %% 50 = 0 THEN ARRAY[%(rare)s] ELSE ARRAY[]::text[] END, ' ') AS words
  FROM (SELECT %(words)s::text[] AS w) AS v) AS t
WHERE r.id > %(first_id)s;
"""


@transaction.atomic
def generate_register(*, records: int, password: str, with_text: bool = False) -> str:
    subs, secs, clerks, officers = _people(password)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM records_mailrecord")
        first_id = cursor.fetchone()[0]
        params = {
            "first_id": first_id, "sub_ids": subs, "sec_ids": secs, "clerk_ids": clerks,
            "officer_ids": officers, "words": WORDS, "count": records,
        }  # fmt: skip
        cursor.execute(RECORDS_SQL, params)
        cursor.execute(
            ASSIGNMENTS_SQL, {"first_id": first_id, "sub_ids": subs, "officer_ids": officers}
        )
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
