"""The tags of the page frame (templates/base.html): the language switcher, the hreflang
links of a page and the current section of the main navigation.

They live below every app that has pages, so that the frame they all extend loads no page
app's tags.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

register = template.Library()


def _language_versions(request) -> list[dict]:
    """Each language with this page's address in it; equal addresses: not a public page.
    Worked out once a request (the head and the navigation both ask)."""
    current = translation.get_language()
    path = request.get_full_path()
    if getattr(request, "_language_versions", (None,))[0] != (current, path):
        versions = [
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": translate_url(path, code),
                "is_current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ]
        request._language_versions = ((current, path), versions)
    return request._language_versions[1]


@register.inclusion_tag("_language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in the other language, or the set_language form on staff pages."""
    request = context["request"]
    versions = _language_versions(request)
    return {
        "versions": versions,
        "has_translated_urls": len({version["url"] for version in versions}) > 1,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("_alternate_links.html", takes_context=True)
def alternate_links(context):
    """<link rel="alternate" hreflang> for pages that exist in every language."""
    request = context["request"]
    versions = _language_versions(request)
    if len({version["url"] for version in versions}) == 1:
        versions = []
    return {
        "versions": [
            {**version, "url": request.build_absolute_uri(version["url"])} for version in versions
        ]
    }


# The public sections of the main navigation, by the URL names of their pages.
SECTIONS = {
    "offers": ("offer-list", "offer-detail", "offer-register", "registration-confirmation"),
    "projects": ("project-list", "project-detail", "call-round"),
    "countries": ("country-list", "country-detail"),
}


@register.simple_tag(takes_context=True)
def current_section(context) -> str:
    """The section of the main navigation the page belongs to ("" outside the public site)."""
    match = getattr(context.get("request"), "resolver_match", None)
    if match is None or match.namespace != "public":
        return ""
    return next((name for name, pages in SECTIONS.items() if match.url_name in pages), "")
