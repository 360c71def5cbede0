from django import template
from django.urls import reverse

from reminders import links

register = template.Library()


@register.simple_tag
def reminder_preferences_path(person) -> str:
    """The signed link to the person's reminder preferences (no query: it only signs)."""
    return reverse("reminders:preferences", args=[links.preferences_token(person)])
