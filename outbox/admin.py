from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .models import OutgoingEmail

BODY_FIELDS = {"body_text", "body_html"}


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The outbox, read-only. The text of an email holding a secret is never shown: a reset or
    signed link in it would let whoever reads it act as the recipient."""

    list_display = ["subject", "to", "template", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template", "language", "holds_secret"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    fields = [
        *(f.name for f in OutgoingEmail._meta.fields if f.name not in BODY_FIELDS | {"id"}),
        "text_body",
        "html_body",
    ]
    readonly_fields = fields
    actions = ["resend_failed"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("text body"))
    def text_body(self, email):
        if email.holds_secret:
            return _withheld(email)
        return format_html("<pre>{}</pre>", email.body_text)

    @admin.display(description=_("HTML body"))
    def html_body(self, email):
        if email.holds_secret:
            return _withheld(email)
        return format_html("<pre>{}</pre>", email.body_html)

    @admin.action(description=_("Resend the selected failed emails"), permissions=["change"])
    def resend_failed(self, request, queryset):
        failed = queryset.filter(status=OutgoingEmail.Status.FAILED)
        for email in failed:
            services.resend(email=email)
        self.message_user(request, _("%d emails queued again.") % len(failed), messages.SUCCESS)


def _withheld(email: OutgoingEmail) -> str:
    if email.body_removed:
        return _("Removed once sent: it held a link or token for its recipient alone.")
    return _("Not shown: it holds a link or token for its recipient alone.")
