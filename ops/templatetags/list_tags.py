from django import template
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
