"""HTML to PDF with WeasyPrint, offline: fonts come from the system's packages (DejaVu, and
Noto CJK for the characters DejaVu lacks, through Pango's fallback),
and a document may load nothing but inline data: no address on the network is fetched."""

import weasyprint
from django.http import HttpResponse
from weasyprint.urls import URLFetcher


class OfflineURLFetcher(URLFetcher):
    """Refuses every address but data: URLs, so rendering never reaches the network."""

    def __init__(self):
        super().__init__(allowed_protocols={"data"}, fail_on_errors=False)


def html_to_pdf(html: str, *, css: str = "") -> bytes:
    """The page as PDF; `css` is a style sheet given as text (a file on disk is not fetched)."""
    stylesheets = [weasyprint.CSS(string=css)] if css else None
    return weasyprint.HTML(string=html, url_fetcher=OfflineURLFetcher()).write_pdf(
        stylesheets=stylesheets
    )


def pdf_response(content: bytes, *, filename: str) -> HttpResponse:
    """A PDF as a download that no cache keeps."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
