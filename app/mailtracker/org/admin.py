from django.contrib import admin

from mailtracker.org.models import Office, Section, Subsection


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class SubsectionInline(admin.TabularInline):
    model = Subsection
    extra = 0


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "office"]
    search_fields = ["name"]
    inlines = [SubsectionInline]


@admin.register(Subsection)
class SubsectionAdmin(admin.ModelAdmin):
    list_display = ["name", "section"]
    list_filter = ["section"]
    search_fields = ["name", "section__name"]
