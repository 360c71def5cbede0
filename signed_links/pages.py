"""What every page behind a signed link answers alike: it stays out of search indexes, and
a link that expired or was revoked gets a page (410) offering a fresh one to its address."""

from datetime import timedelta

from django.shortcuts import render

from .tokens import LinkExpired, masked_address


def no_robots(response):
    """Pages behind secret links must never end up in a search index."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def unusable_link_page(
    request, error: Exception, *, address: str, max_age: timedelta, renew_url: str
):
    """The page for an expired or revoked link (`error`, LinkExpired or LinkRevoked): it
    says which, and offers to send a fresh link to the address, shown masked."""
    response = render(
        request,
        "_link_unusable_page.html",
        {
            "expired": isinstance(error, LinkExpired),
            "link_days": max_age.days,
            "masked_address": masked_address(address),
            "renew_url": renew_url,
        },
        status=410,
    )
    return no_robots(response)
