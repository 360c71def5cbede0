"""Rendered pages kept in the cache: the public site's page cache and the workspace's kept
pages store and serve them the same way (content and content type; the middleware adds the
headers again on the way out)."""

from django.core.cache import cache
from django.http import HttpResponse


def rendered(response):
    """The response with its content worked out (a TemplateResponse renders late)."""
    return response.render() if hasattr(response, "render") else response


def keep_page(key: str, response, *, seconds: int) -> None:
    cache.set(key, {"content": response.content, "content_type": response["Content-Type"]}, seconds)


def kept_page(key: str) -> HttpResponse | None:
    """The page kept under key, or None."""
    kept = cache.get(key)
    if kept is None:
        return None
    return HttpResponse(kept["content"], content_type=kept["content_type"])
