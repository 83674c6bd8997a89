from django.db.models import QuerySet

from mailtracker.org.models import Subsection


def subsections_all() -> QuerySet[Subsection]:
    """Every subsection, by section: what a stranger may say they work in at signup."""
    return Subsection.objects.select_related("section")
