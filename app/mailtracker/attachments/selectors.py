from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from mailtracker.attachments.models import PdfAttachment


def attachments_of(*, record) -> QuerySet[PdfAttachment]:
    """The record's attachments, oldest first. ``record`` is a record the caller has checked is
    visible, or a queryset of visible records (then the check happens in the same statement)."""
    condition = {"record__in": record} if isinstance(record, QuerySet) else {"record": record}
    return PdfAttachment.objects.filter(**condition).select_related("uploaded_by")


def attachment_of(*, record, attachment_id) -> PdfAttachment:
    try:
        return attachments_of(record=record).get(pk=attachment_id)
    except (PdfAttachment.DoesNotExist, ValidationError, ValueError):
        raise Http404("No such document.") from None


def attachment_to_show(*, record, attachment_id=None) -> PdfAttachment:
    """The attachment asked for, or else the newest incoming letter, or else the newest one."""
    if attachment_id:
        return attachment_of(record=record, attachment_id=attachment_id)
    newest = attachments_of(record=record).order_by("-uploaded_at", "-id")
    attachment = newest.filter(stage=PdfAttachment.Stage.CREATED).first() or newest.first()
    if attachment is None:
        raise Http404("This record has no document.")
    return attachment
