"""Every page of the portal as a visitor, staff or a coordinator reaches it: a crawl through the
test client that follows the links of each page it renders."""

from collections import Counter, deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve
from django.utils import translation

REDIRECTS = {301, 302, 303, 307, 308}
NOT_FOLLOWED = ("/static/", "/i18n/", "/accounts/logout/")


@dataclass
class Page:
    role: str
    method: str
    url: str
    view: str
    response: object

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def is_html(self) -> bool:
        return self.response.get("Content-Type", "").startswith("text/html")

    @property
    def html(self) -> str:
        return self.response.content.decode() if self.is_html else ""

    def __str__(self):
        return f"{self.role} {self.method} {self.url}"


class Tags(HTMLParser):
    """Every start tag of a document with its attributes."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def links(self) -> list[str]:
        return [attrs["href"] for tag, attrs in self.tags if tag == "a" and attrs.get("href")]


def view_of(url: str) -> str:
    """The URL's view name with its language prefix: one key per kind of page."""
    path = urlsplit(url).path
    prefix = path.split("/")[1]
    language = prefix if prefix in ("en", "nl") else ""
    try:
        with translation.override(language or None):
            name = resolve(path).view_name
    except Resolver404:
        return "not-found"
    return f"{language}:{name}" if language else name


def internal(base: str, href: str) -> str | None:
    """The path (with query) of an in-portal link from page `base`; None for other links."""
    url = urljoin(f"https://testserver{base}", href)
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.netloc != "testserver":
        return None
    if parts.path.startswith(NOT_FOLLOWED):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, role: str, seeds: list[str], *, per_view: int = 2) -> list[Page]:
    """GET the seeds and every page they link to, at most `per_view` pages of each view."""
    queue, seen, visits, pages = deque(seeds), set(), Counter(), []
    while queue:
        url = queue.popleft()
        view = view_of(url)
        if url in seen or visits[view] >= per_view:
            continue
        seen.add(url)
        visits[view] += 1
        page = Page(role, "GET", url, view, client.get(url, secure=True))
        pages.append(page)
        if page.status in REDIRECTS:
            target = internal(url, page.response["Location"])
            if target:
                queue.append(target)
        elif page.is_html:
            for href in Tags(page.html).links():
                target = internal(url, href)
                if target:
                    queue.append(target)
    return pages
