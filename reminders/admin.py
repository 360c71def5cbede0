from django.contrib import admin

from .models import NominationNotice, ParticipantReminder, Reminder, ReminderPreference


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = [
        "deadline",
        "person",
        "due_date",
        "days_before",
        "delivery",
        "status",
        "created_at",
    ]
    list_filter = ["status", "delivery", "deadline__kind"]
    list_select_related = ["deadline", "person"]
    search_fields = ["person__email", "deadline__title", "deadline__project__title"]
    raw_id_fields = ["deadline", "person", "email"]
    readonly_fields = ["created_at"]


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["person", "delivery", "language", "last_digest_on"]
    list_filter = ["delivery", "language"]
    list_select_related = ["person"]
    search_fields = ["person__email", "person__last_name"]
    raw_id_fields = ["person"]
    exclude = ["calendar_token"]


@admin.register(ParticipantReminder)
class ParticipantReminderAdmin(admin.ModelAdmin):
    list_display = ["mobility", "task", "due_date", "days_before", "created_at"]
    list_filter = ["task"]
    list_select_related = ["mobility"]
    search_fields = ["mobility__email", "mobility__last_name"]
    raw_id_fields = ["mobility", "email"]
    readonly_fields = ["created_at"]


@admin.register(NominationNotice)
class NominationNoticeAdmin(admin.ModelAdmin):
    list_display = ["mobility", "contact", "created_at"]
    list_select_related = ["mobility", "contact"]
    search_fields = ["mobility__last_name", "contact__email"]
    raw_id_fields = ["mobility", "contact", "email"]
    readonly_fields = ["created_at"]
