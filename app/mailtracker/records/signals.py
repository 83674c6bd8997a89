"""Keep ``Assignment.outside_scope`` true to each user's scope when an administrator changes it
(role, subsection, managed sections, audited subsections), and each record's section true to
its subsection's when a subsection moves to another section, wherever the change is made."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from mailtracker.org.models import Subsection
from mailtracker.records.services import assignments_rescope, records_follow_subsection

User = get_user_model()
SCOPE_FIELDS = ("role", "subsection_id", "is_superuser")


def _touches_scope(update_fields) -> bool:
    # Saves such as the login's last_login update name their fields and skip the work.
    return update_fields is None or bool(
        {"role", "subsection", "is_superuser"} & set(update_fields)
    )


@receiver(pre_save, sender=User)
def remember_scope(sender, instance, update_fields=None, **kwargs):
    if instance.pk and _touches_scope(update_fields):
        instance._scope_before = sender.objects.filter(pk=instance.pk).values(*SCOPE_FIELDS).first()


@receiver(post_save, sender=User)
def rescope_after_save(sender, instance, created, update_fields=None, **kwargs):
    before = getattr(instance, "_scope_before", None)
    if before and before != {field: getattr(instance, field) for field in SCOPE_FIELDS}:
        assignments_rescope(user=instance)


@receiver(m2m_changed, sender=User.managed_sections.through)
@receiver(m2m_changed, sender=User.audited_subsections.through)
def rescope_after_scope_links(sender, instance, action, reverse, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and not reverse:
        assignments_rescope(user=instance)


@receiver(pre_save, sender=Subsection)
def remember_section(sender, instance, **kwargs):
    if instance.pk:
        rows = sender.objects.filter(pk=instance.pk).values_list("section_id", flat=True)
        instance._section_before = rows.first()


@receiver(post_save, sender=Subsection)
def move_records_with_subsection(sender, instance, created, **kwargs):
    before = getattr(instance, "_section_before", None)
    if before is not None and before != instance.section_id:
        records_follow_subsection(instance)
