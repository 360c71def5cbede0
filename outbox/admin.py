from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "template", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template", "language"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]
    actions = ["resend_failed"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Resend the selected failed emails"))
    def resend_failed(self, request, queryset):
        failed = queryset.filter(status=OutgoingEmail.Status.FAILED)
        for email in failed:
            services.resend(email=email)
        self.message_user(request, _("%d emails queued again.") % len(failed), messages.SUCCESS)
