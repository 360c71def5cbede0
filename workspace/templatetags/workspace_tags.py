import functools

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.inclusion_tag("workspace/_sort_link.html", takes_context=True)
def sort_link(context, key: str, label: str):
    """A column header that sorts the list by `key`, then the other way round on a second click.

    Keeps the search and filters, and goes back to the first page.
    """
    request = context["request"]
    current = request.GET.get("sort", "")
    query = request.GET.copy()
    query.pop("page", None)
    query["sort"] = f"-{key}" if current == key else key
    if current == key:
        state = _("sorted ascending")
    elif current == f"-{key}":
        state = _("sorted descending")
    else:
        state = ""
    return {
        "url": f"?{query.urlencode()}",
        "label": label,
        "state": state,
        "ascending": current == key,
        "descending": current == f"-{key}",
    }


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
