from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Call, Deadline, Person, Project, ProjectPartner, SubjectArea


class ProjectPartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0
    autocomplete_fields = ["institution"]


class DeadlineInline(admin.TabularInline):
    model = Deadline
    extra = 0
    fields = ["kind", "title", "due_date", "done_at"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "call",
        "status",
        "home_unit",
        "lead_coordinator",
        "start_date",
        "end_date",
        "awarded_budget",
    ]
    list_filter = ["status", "call", "mobility_type"]
    list_select_related = ["call", "home_unit", "lead_coordinator"]
    search_fields = ["title", "title_nl", "grant_agreement_number", "lead_coordinator__last_name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["lead_coordinator", "co_coordinators", "home_unit"]
    filter_horizontal = ["subject_areas"]
    inlines = [ProjectPartnerInline, DeadlineInline]
    date_hierarchy = "start_date"


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "action", "deadline", "internal_deadline"]
    list_filter = ["action"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "unit", "language", "user"]
    list_select_related = ["unit", "user"]
    list_filter = ["language"]
    search_fields = ["first_name", "last_name", "email"]


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "project", "due_date", "done_at"]
    list_filter = ["kind", ("done_at", admin.EmptyFieldListFilter)]
    list_select_related = ["project"]
    search_fields = ["title", "project__title"]
    filter_horizontal = ["responsible"]
    date_hierarchy = "due_date"


@admin.register(SubjectArea)
class SubjectAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "name_nl"]
    search_fields = ["name", "name_nl"]


@admin.register(ProjectPartner)
class ProjectPartnerAdmin(admin.ModelAdmin):
    list_display = ["project", "institution", "role", "contact"]
    list_filter = ["role"]
    list_select_related = ["project", "institution", "contact"]
    search_fields = ["project__title", "institution__name"]
    autocomplete_fields = ["project", "institution"]
