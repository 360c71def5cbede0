from django import template
from django.urls import reverse

from reminders import links

register = template.Library()


@register.simple_tag
def reminder_preferences_path(person) -> str:
    """The signed link to the signed-in person's own reminder preferences: made fresh on
    every page, so it shows their calendar address."""
    token = links.preferences_token(person, with_calendar=True)
    return reverse("reminders:preferences", args=[token])
