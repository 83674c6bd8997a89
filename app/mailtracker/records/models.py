from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mailtracker.org.models import Section, Subsection
from mailtracker.records.keys import NO_DUE_DATE, DayThenId


class Status(models.TextChoices):
    CREATED = "created", _("Created")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class SerialCounter(models.Model):
    """The last serial number handed out in a year. Locked row by row while a record is created,
    so serials stay unique and gap-free under concurrent creation."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


# Not closed: the open records, a small part of a register that has run for years.
OPEN = ~models.Q(status=Status.CLOSED)
# The dates a list can be filtered by (records.filters), kept in the indexes a list is walked
# along in id order, so that a walk tests a window of them on the index's entries.
DATE_FIELDS = ("received_date", "due_date", "letter_date")
# The keys of the sorts by due date (undated last) and by received date (records.sorts).
DUE_KEY = DayThenId("due_date", missing=NO_DUE_DATE)
RECEIVED_KEY = DayThenId("received_date")
# What the statement's counts by section read of a record besides the date they range over.
FIGURES = ["section", "subsection", "due_date", "id"]


class StatusCount(models.Model):
    """How many records of a subsection are in a status. PostgreSQL keeps it (triggers of
    migration 0009 on every insert, update and delete of records, bulk ones included), so the
    dashboard reads a few dozen rows instead of counting a register of millions."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    subsection = models.ForeignKey(Subsection, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subsection", "status"], name="status_count_unique")
        ]

    def __str__(self) -> str:
        return f"{self.subsection}: {self.count} {self.status}"


class DocumentWord(models.Model):
    """A word found in some record's documents (``MailRecord.document_words``). PostgreSQL keeps
    the list (triggers of migration 0016 on every insert and update of records, bulk ones
    included), so that a search can ask the words' index for the exact words that begin with
    each word typed (attachments.search). Words of documents replaced since stay: asking for
    them finds nothing and costs nothing."""

    word = models.TextField(primary_key=True)

    def __str__(self) -> str:
        return self.word


class MailRecord(models.Model):
    """A letter received by the office (or a reply sent), tracked from registration to closure."""

    serial = models.CharField(max_length=20, unique=True, editable=False)
    letter_number = models.CharField(max_length=100)
    # Unknown on some letters (rule 3); never after the received date.
    letter_date = models.DateField(null=True, blank=True)
    received_date = models.DateField()
    subject = models.CharField(max_length=500)
    from_office = models.CharField(max_length=200)
    action_required = models.CharField(max_length=500, blank=True)
    initial_instructions = models.TextField(blank=True)
    due_date = models.DateField(null=True, blank=True)
    # The section is derived from the subsection but stored, so scoping by section uses an index.
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="records")
    subsection = models.ForeignKey(Subsection, on_delete=models.PROTECT, related_name="records")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CREATED)
    # Who holds the record is never stored here: it is the holders of its active assignments
    # (rule 5), so "Held by" has one truth everywhere.
    monitoring_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records_monitored",
    )
    current_action_status = models.CharField(max_length=200, blank=True)
    current_action_remarks = models.TextField(blank=True)
    completion_date = models.DateField(null=True, blank=True)
    # When the record entered its current status or holders: "time in current stage".
    stage_since = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="records_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The words of the record's current documents (attachments.search's normal form), kept by
    # attachments.services whenever the documents or their text change. Searching the register
    # is then one table with an index per field (this one GIN, migration 0010), instead of a
    # lookup over every matching page. A tsvector on PostgreSQL, stored once rather than built
    # from text for each row a list walks; the words joined by spaces on SQLite.
    document_words = SearchVectorField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-id"]
        indexes = [
            # Every sort of a list (records.sorts) walks an index in its order: over all
            # records, and over open ones only (3 % of a register that has run for years, and
            # what most filters, the queues and the dashboard ask for). A scope (section,
            # subsection) is a filter on that walk: even an officer's subsection, one
            # twenty-fourth of the bench register, fills a page within a few hundred entries.
            models.Index(DUE_KEY, name="record_due_key"),
            models.Index(RECEIVED_KEY, name="record_received_key"),
            models.Index(fields=["stage_since", "id"], name="record_stage_since_id"),
            models.Index(fields=["-id"], name="record_open_id", condition=OPEN),
            models.Index(DUE_KEY, name="record_open_due_key", condition=OPEN),
            models.Index(RECEIVED_KEY, name="record_open_received_key", condition=OPEN),
            models.Index(
                fields=["stage_since", "id"], name="record_open_stage_since_id", condition=OPEN
            ),
            # Lists newest first inside a scope: (scope, id) ranges, with the dates, so that a
            # walk past the records a window of dates leaves out tests their dates on the
            # index's entries (see record_id_dates).
            *(
                models.Index(fields=[place, "-id", *DATE_FIELDS], name=f"record_{place}_id_dates")
                for place in ("section", "subsection")
            ),
            models.Index(fields=["status", "-id"], name="record_status_id"),
            models.Index(
                fields=["subsection", "-id"], name="record_open_subsection_id", condition=OPEN
            ),
            models.Index(fields=["section", "-id"], name="record_open_section_id", condition=OPEN),
            # A window of dates inside a scope or the section or subsection chosen: the
            # place's records in the window in one index range, not the window's records of
            # every place read and tested (at a million records, an auditor's letters due from
            # a month ago on, longest in stage first: 13.3 -> 2.3 ms; a clerk's 5.0 -> 0.9).
            *(
                models.Index(fields=[place, f"{date}_date"], name=f"record_{place}_{date}")
                for place in ("section", "subsection")
                for date in ("received", "due", "letter")
            ),
            # A walk of the register in id order past the records a window of dates leaves
            # out (the head's letters due before last month, newest first): their dates are
            # tested in the index, not on each record fetched (at a million records, 30,768
            # records passed: the walk 11.1 -> 0.6 ms, the probe of where it starts 10.3 ->
            # 0.5 ms, records.filters).
            models.Index(fields=["id", *DATE_FIELDS], name="record_id_dates"),
            models.Index(fields=["created_by", "-id"], name="record_creator_id"),
            models.Index(fields=["monitoring_officer", "-id"], name="record_monitor_id"),
            # The monitoring queue (open records I monitor), counted on the dashboard.
            models.Index(
                fields=["monitoring_officer", "-id"], name="record_open_monitor_id", condition=OPEN
            ),
            # Records a monitor watches outside their scope: looked up subsection by subsection.
            models.Index(
                fields=["monitoring_officer", "subsection"], name="record_monitor_subsection"
            ),
            # Overdue: open records by due date (counted on the dashboard).
            models.Index(fields=["due_date"], name="record_open_due", condition=OPEN),
            # The statement's counts by section (statements.selectors), each read from an
            # index alone: received in the period, disposed in it or completed since "as of",
            # open at "as of"; with what the counts and the reader's visibility look at.
            models.Index(fields=["received_date"], name="record_received_figures", include=FIGURES),
            models.Index(
                fields=["completion_date"],
                name="record_completion_figures",
                condition=models.Q(completion_date__isnull=False),
                include=["received_date", "status", *FIGURES],
            ),
            models.Index(
                fields=["received_date"],
                name="record_open_received_figures",
                condition=OPEN,
                include=FIGURES,
            ),
            # A window of letter or due dates, read before sorting (records.filters).
            models.Index(fields=["letter_date"], name="record_letter_date"),
            models.Index(fields=["due_date"], name="record_due"),
            # A jump to a date in the lists sorted by registration.
            models.Index(fields=["created_at"], name="record_created_at"),
            models.Index(Upper("letter_number"), name="record_letter_number_upper"),
            # Trigram indexes for substring search (0002, 0007) and the GIN index on the
            # documents' words (0010) live in PostgreSQL-only migration steps.
        ]

    def __str__(self) -> str:
        return f"{self.serial} {self.subject}"

    @property
    def status_label(self) -> str:
        """The status in words, in the active language. Not ``get_status_display``, which
        builds the choices and translates each to look one up: 180 µs a record, 4.5 ms of an
        API list of 25."""
        return str(Status(self.status).label)

    @property
    def is_overdue(self) -> bool:
        return (
            self.status != Status.CLOSED
            and self.due_date is not None
            and timezone.localdate() > self.due_date
        )

    @property
    def time_in_stage(self):
        return timezone.now() - self.stage_since

    @property
    def days_overdue(self) -> int | None:
        """Days past the due date (positive: late, zero: due today, negative: days left);
        None when there is no due date or the record is closed."""
        if self.due_date is None or self.status == Status.CLOSED:
            return None
        return (timezone.localdate() - self.due_date).days


class Assignment(models.Model):
    """A person asked to act on a record. A record may have several in parallel; passing one on
    ends it and opens a successor whose ``parent`` points back, forming a chain. The active step
    of a chain is held by its assignee (rule 5)."""

    class State(models.TextChoices):
        ACTIVE = "active", _("Holding")
        REASSIGNED = "reassigned", _("Passed on")
        DONE = "done", _("Part done")
        REVOKED = "revoked", _("Revoked")
        # Ended because the record was closed: reopening gives it back to its holder (rule 11).
        CLOSED = "closed", _("Record closed")

    record = models.ForeignKey(MailRecord, on_delete=models.CASCADE, related_name="assignments")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    parent = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="successor"
    )
    instructions = models.TextField(blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.ACTIVE)
    # True when the record lies outside the assignee's scope, so the assignment alone lets them
    # see it. Kept apart so that visibility needs only these (few) rows, not every assignment.
    outside_scope = models.BooleanField(default=False)
    assigned_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Why it ended: the pass-on remark, the "part done" remark or the reason for revoking.
    end_remark = models.TextField(blank=True)
    # The record's section, subsection and due date, copied by the database whenever the
    # assignment is written or the record changes (triggers, migration 0013): the statement
    # groups and filters a month's hops by them without joining each to its record.
    record_section = models.ForeignKey(
        Section, null=True, editable=False, on_delete=models.DO_NOTHING, db_constraint=False,
        db_index=False, related_name="+",
    )  # fmt: skip
    record_subsection = models.ForeignKey(
        Subsection, null=True, editable=False, on_delete=models.DO_NOTHING, db_constraint=False,
        db_index=False, related_name="+",
    )  # fmt: skip
    record_due_date = models.DateField(null=True, editable=False)

    class Meta:
        ordering = ["assigned_at", "id"]
        indexes = [
            models.Index(fields=["assignee", "state"], name="assignment_assignee_state"),
            # The records each person holds or held outside their scope, read from the index
            # alone (every list page of an officer or section head asks).
            models.Index(
                fields=["assignee", "state"],
                name="assignment_outside_scope_state",
                condition=models.Q(outside_scope=True),
                include=["record"],
            ),
            # The statement's hops: those held now, and those ended since a day.
            models.Index(
                fields=["assigned_at"],
                name="assignment_held_since",
                condition=models.Q(state="active"),
            ),
            models.Index(
                fields=["ended_at"],
                name="assignment_ended",
                condition=models.Q(ended_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record.serial} → {self.assignee} ({self.state})"


class Remark(models.Model):
    """One entry of an assignment's append-only remarks timeline."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="remarks")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Remarks are append-only and cannot be changed.")
        super().save(*args, **kwargs)
