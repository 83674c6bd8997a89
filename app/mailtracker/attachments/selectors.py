from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from mailtracker.attachments.models import PdfAttachment

CURRENT = Q(superseded_at__isnull=True, removed_at__isnull=True)


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
