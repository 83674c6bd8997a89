"""The API list's rows, written as plain dictionaries.

DRF's generic path asks each declared field of each row for its attribute and its
representation: some 1,200 calls for a page of 25 records with their holders, 3.3 ms of an API
list (4.3 ms with the text matches of a search), measured at a million records. Here the same
values are read directly. The serializers keep declaring the fields (the schema, the detail),
and ``test_api_rows`` checks these rows against DRF's generic output of those declarations, so
a field declared and not written here fails there.

Dates and times go through DRF's own fields, so that their format and time zone follow the
settings as every other answer's do."""

from rest_framework.fields import DateField, DateTimeField

_date = DateField().to_representation
_datetime = DateTimeField().to_representation


def record_row(record, people: "People") -> dict:
    """A record as ``RecordSerializer`` declares it."""
    text_match = getattr(record, "text_match", None)
    return {
        "id": record.pk,
        "serial": record.serial,
        "letter_number": record.letter_number,
        "letter_date": _date(record.letter_date),
        "received_date": _date(record.received_date),
        "subject": record.subject,
        "from_office": record.from_office,
        "action_required": record.action_required,
        "initial_instructions": record.initial_instructions,
        "due_date": _date(record.due_date),
        "section": _named(record.section),
        "subsection": _named(record.subsection),
        "status": record.status,
        "status_label": record.status_label,
        "holders": [
            {
                "user": people.summary(holding.assignee),
                "since": _datetime(holding.assigned_at),
                "assignment": holding.pk,
            }
            for holding in record.holding
        ],
        "monitoring_officer": people.summary(record.monitoring_officer),
        "current_action_status": record.current_action_status,
        "current_action_remarks": record.current_action_remarks,
        "completion_date": _date(record.completion_date),
        "stage_since": _datetime(record.stage_since),
        "time_in_stage_seconds": int(record.time_in_stage.total_seconds()),
        "is_overdue": record.is_overdue,
        "days_overdue": record.days_overdue,
        "has_pdf": getattr(record, "has_pdf", False),
        "thumbnail_url": thumbnail_url(record),
        "text_match": text_match and _text_match(text_match),
        "created_by": people.summary(record.created_by),
        "created_at": _datetime(record.created_at),
        "updated_at": _datetime(record.updated_at),
    }


def thumbnail_url(record) -> str | None:
    """The first page of the document the list shows for the record, once it is made."""
    if not getattr(record, "shown_thumbnail", False):
        return None
    return f"/api/records/{record.pk}/pdf/{record.shown_document}/thumbnail/"


class People:
    """A person as ``UserSummarySerializer`` declares them, written once per answer: a list
    names the same few people on every row (creator, monitor, holders)."""

    def __init__(self):
        self._written = {}

    def summary(self, user) -> dict | None:
        if user is None:
            return None
        if user.pk not in self._written:
            self._written[user.pk] = {
                "id": user.pk,
                "username": user.username,
                "name": user.display_name,
                "role": user.role,
                "role_label": user.role_label,
                "designation": user.designation,
                "title": user.title,
                "subsection": user.subsection_id,
                "subsection_name": str(user.subsection) if user.subsection_id else None,
            }
        return self._written[user.pk]


def _named(place) -> dict:
    return {"id": place.pk, "name": place.name}


def _text_match(match) -> dict:
    return {
        "attachment": str(match.attachment_id),
        "document_name": match.document_name,
        "page": match.page,
        "snippet": f"{match.before}{match.found}{match.after}",
        "found": match.found,
    }
