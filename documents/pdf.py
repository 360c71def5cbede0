"""HTML to PDF with WeasyPrint, offline: fonts come from the system's packages (DejaVu),
and a document may load nothing but inline data: no address on the network is fetched."""

import weasyprint
from weasyprint.urls import URLFetcher


class OfflineURLFetcher(URLFetcher):
    """Refuses every address but data: URLs, so rendering never reaches the network."""

    def __init__(self):
        super().__init__(allowed_protocols={"data"}, fail_on_errors=False)


def html_to_pdf(html: str) -> bytes:
    return weasyprint.HTML(string=html, url_fetcher=OfflineURLFetcher()).write_pdf()
