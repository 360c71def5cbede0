"""An agreement as PDF, for partners without Erasmus Without Paper: the printable page,
rendered offline with its print style sheet."""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

from ops.pdf import html_to_pdf, pdf_response

TEMPLATE = "agreements/agreement_print.html"
STYLE_SHEET = "agreements/print.css"


def agreement_pdf(request, *, agreement, home) -> HttpResponse:
    # The style sheet is handed to the renderer, which fetches nothing itself.
    html = render_to_string(
        TEMPLATE, {"agreement": agreement, "home": home, "for_pdf": True}, request=request
    )
    with open(finders.find(STYLE_SHEET), encoding="utf-8") as style_sheet:
        content = html_to_pdf(html, css=style_sheet.read())
    name = slugify(f"agreement {agreement.partner.name} {agreement.academic_years}")
    return pdf_response(content, filename=f"{name}.pdf")
