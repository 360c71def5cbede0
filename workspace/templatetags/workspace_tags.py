import functools

from django import template
from django.urls import reverse
from django.utils.html import format_html

from ops.templatetags.list_tags import register as list_tags

register = template.Library()
# The workspace's own lists get the sort links with the rest of their tags.
register.tag("sort_link", list_tags.tags["sort_link"])


@register.simple_tag
def status_badge(record) -> str:
    """The record's status as a coloured badge (record: a model with a `status` choice field)."""
    return format_html(
        '<span class="badge status-badge status-{}">{}</span>',
        record.status,
        _status_labels(type(record)).get(record.status, record.status),
    )


@functools.cache
def _status_labels(model) -> dict:
    """The labels of the model's statuses (lazy: each shows in the language of the page); a
    dictionary lookup for each row instead of get_status_display()'s search."""
    return dict(model._meta.get_field("status").flatchoices)


@register.simple_tag(takes_context=True)
def menu_item(context, url_name: str, label: str, unless_under: str = "") -> str:
    """A link in a navigation dropdown, marked as the current page while the user is on it or
    below it (the path starts with its address), except below `unless_under`'s address."""
    url = reverse(url_name)
    path = context["request"].path
    current = path.startswith(url) and not (unless_under and path.startswith(reverse(unless_under)))
    if current:
        return format_html(
            '<li><a class="dropdown-item active" aria-current="page" href="{}">{}</a></li>',
            url,
            label,
        )
    return format_html('<li><a class="dropdown-item" href="{}">{}</a></li>', url, label)
