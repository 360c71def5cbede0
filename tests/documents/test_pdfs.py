import base64
import io

import pytest
import weasyprint
from pypdf import PdfReader
from weasyprint.urls import URLFetchingError

from documents.models import DocumentTemplate
from documents.services import render_document, set_document_language
from ops.pdf import OfflineURLFetcher, html_to_pdf
from tests.documents.conftest import pdf_text


def test_grant_agreement_in_english_holds_name_amounts_and_schedule(mobility):
    text = pdf_text(render_document(mobility=mobility, kind="grant-agreement"))

    assert "Erasmus+ grant agreement" in text
    assert "Sanne de Vries" in text
    assert "Nagasaki University" in text
    assert "in total EUR 4,020.00" in text
    assert "Pre-financing EUR 3,216.00" in text
    assert "Balance EUR 804.00" in text
    assert "KA107-064321" in text
    assert "Organisational support" not in text


def test_grant_agreement_in_dutch_for_a_dutch_participant(mobility):
    set_document_language(mobility=mobility, language="nl")

    text = pdf_text(render_document(mobility=mobility, kind="grant-agreement"))

    assert "Erasmus+-subsidieovereenkomst" in text
    assert "Sanne de Vries" in text
    assert "in totaal € 4.020,00" in text
    assert "Voorfinanciering € 3.216,00" in text
    assert "Saldo € 804,00" in text


@pytest.mark.parametrize(
    ("kind", "language", "title"),
    [
        ("mobility-agreement", "en", "Mobility agreement for staff"),
        ("mobility-agreement", "nl", "Mobiliteitsovereenkomst voor medewerkers"),
        ("certificate-of-attendance", "en", "Certificate of attendance"),
        ("certificate-of-attendance", "nl", "Verklaring van aanwezigheid"),
    ],
)
def test_other_documents_in_both_languages(mobility, kind, language, title):
    text = pdf_text(render_document(mobility=mobility, kind=kind, language=language))

    assert text.startswith(title)
    assert "Sanne de Vries" in text


def test_a_student_gets_a_learning_agreement_summary_not_a_mobility_agreement(project, havana):
    from tests.factories import MobilityFactory

    student = MobilityFactory(
        project=project,
        partner=havana,
        activity="SMS",
        level="master",
        travel_days=0,
        planned_end=__import__("datetime").date(2021, 5, 7),
    )

    text = pdf_text(render_document(mobility=student, kind="learning-agreement"))

    assert "Learning agreement summary" in text
    with pytest.raises(ValueError):
        render_document(mobility=student, kind="mobility-agreement")


def test_staff_edits_to_a_template_show_in_the_pdf(mobility):
    DocumentTemplate.objects.filter(kind="certificate-of-attendance", language="en").update(
        body="<p>Attended by {{ participant_name }} at {{ partner_name }}.</p>"
    )

    text = pdf_text(render_document(mobility=mobility, kind="certificate-of-attendance"))

    assert "Attended by Sanne de Vries at Nagasaki University." in text


def test_rendering_fetches_nothing_from_the_network():
    with pytest.raises((ValueError, URLFetchingError)):
        OfflineURLFetcher().fetch("https://example.org/logo.png")


def _images(content: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(content)).pages)


def test_an_image_a_template_points_at_is_left_out(tmp_path):
    # A file that exists: WeasyPrint would embed it, were it not for the offline fetcher.
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png())
    html = f'<p>Text</p><img src="{logo.as_uri()}" alt="">'

    content = html_to_pdf(html)

    assert pdf_text(content) == "Text"
    assert _images(content) == 0
    assert _images(weasyprint.HTML(string=html).write_pdf()) == 1


def _png() -> bytes:
    """A one-pixel PNG."""
    return base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )


def test_a_missing_text_falls_back_to_the_built_in_default(mobility):
    DocumentTemplate.objects.filter(kind="grant-agreement").delete()

    text = pdf_text(render_document(mobility=mobility, kind="grant-agreement", language="nl"))

    assert text.startswith("Erasmus+-subsidieovereenkomst")


def test_names_in_japanese_chinese_and_cyrillic_script_print_as_text(mobility):
    mobility.first_name, mobility.last_name = "美咲", "佐藤"
    mobility.save()
    mobility.partner.name = "长崎大学 Нагасаки"
    mobility.partner.save()

    content = render_document(mobility=mobility, kind="grant-agreement")

    text = pdf_text(content)
    assert "美咲 佐藤" in text
    assert "长崎大学 Нагасаки" in text
    # The glyphs come from a font that has them (fonts-noto-cjk), not empty boxes.
    fonts = {
        str(font.get_object()["/BaseFont"]).partition("+")[2]
        for page in PdfReader(io.BytesIO(content)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert {"DejaVu-Sans", "Noto-Sans-CJK-JP"} <= fonts
