from django import template
from django.urls import reverse

from reminders import links
from reminders.models import NominationNotice, ParticipantReminder

register = template.Library()


@register.simple_tag
def reminder_preferences_path(person) -> str:
    """The signed link to the signed-in person's own reminder preferences: made fresh on
    every page, so it shows their calendar address."""
    token = links.preferences_token(person, with_calendar=True)
    return reverse("reminders:preferences", args=[token])


@register.inclusion_tag("reminders/_participant_reminders.html", takes_context=True)
def participant_reminders(context, mobility):
    """On the staff's mobility page: the reminders sent to the participant and to the
    partner's contacts about them, with their emails' status (office only)."""
    user = context["request"].user
    if not user.has_perm("documents.view_documents", mobility):
        return {"visible": False}
    return {
        "visible": True,
        "reminders": ParticipantReminder.objects.filter(mobility=mobility)
        .select_related("email")
        .order_by("created_at", "pk"),
        "notices": NominationNotice.objects.filter(mobility=mobility)
        .select_related("email", "contact")
        .order_by("created_at", "pk"),
    }
