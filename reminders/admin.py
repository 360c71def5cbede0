from django.contrib import admin

from .models import Reminder, ReminderPreference


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
