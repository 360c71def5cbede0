"""Back to where a form was sent from: its `next` field, when that stays on this site."""

from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request, *, fallback: str) -> str:
    """The request's `next` (from the form posted, else the query) if it is a URL of this site
    that keeps the request's scheme; otherwise `fallback`, a URL or a URL name."""
    data = request.POST if request.method == "POST" else request.GET
    target = data.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(fallback)


def redirect_to_next(request, *, fallback: str) -> HttpResponseRedirect:
    """Redirect to next_url(request, fallback=fallback)."""
    return HttpResponseRedirect(next_url(request, fallback=fallback))
