from django.db import models


class Office(models.Model):
    """The organisation running this installation; the root of the org tree."""

    name = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.name


class Section(models.Model):
    """A section of the office, managed by one or more section heads."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="sections")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="section_name_unique_in_office")
        ]

    def __str__(self) -> str:
        return self.name


class Subsection(models.Model):
    """A subsection of a section: the unit officers and clerks belong to."""

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="subsections")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["section__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "name"], name="subsection_name_unique_in_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.section.name} / {self.name}"
