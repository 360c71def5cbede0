"""The office's agreement pages: who may see and change them, and the editor."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from agreements.models import Agreement, CooperationCondition

pytestmark = pytest.mark.django_db


def _editor_data(partner, **overrides):
    return {
        "partner": partner.pk,
        "iia_code": "LEI-UH-2025",
        "first_academic_year": "2025",
        "last_academic_year": "2027",
        "status": "signed_one",
        "our_signatory": "Hester Bijl",
        "our_signing_date": "2025-06-01",
        "partner_signatory": "",
        "partner_signing_date": "",
        "ended_on": "",
        "notes": "",
        "conditions-TOTAL_FORMS": "1",
        "conditions-INITIAL_FORMS": "0",
        "conditions-0-direction": "outgoing",
        "conditions-0-mobility_type": "SMS",
        "conditions-0-mobilities_per_year": "3",
        "conditions-0-total_months_per_year": "15",
        "conditions-0-total_days_per_year": "",
        "conditions-0-subject_area": "0533",
        "conditions-0-eqf_level": "7",
        "conditions-0-language": "es",
        "conditions-0-cefr_level": "B2",
        **overrides,
    }


@pytest.mark.parametrize(
    ("who", "list_status", "detail_status", "edit_status"),
    [
        (None, 302, 302, 302),
        ("plain_user", 403, 403, 403),
        ("coordinator_a", 200, 200, 403),
        ("coordinator_b", 200, 403, 403),
        ("staff_user", 200, 200, 200),
    ],
)
def test_agreement_pages_permissions(
    client, login, havana, nagasaki, request, who, list_status, detail_status, edit_status
):
    login(request.getfixturevalue(who) if who else None)

    statuses = (
        client.get(reverse("agreements:list")).status_code,
        client.get(reverse("agreements:detail", args=[havana.agreement.pk])).status_code,
        client.get(reverse("agreements:print", args=[havana.agreement.pk])).status_code,
        client.get(reverse("agreements:update", args=[havana.agreement.pk])).status_code,
    )

    assert statuses == (list_status, detail_status, detail_status, edit_status)


def test_coordinator_lists_only_their_partners_agreements(
    client, login, coordinator_b, havana, nagasaki
):
    login(coordinator_b)

    response = client.get(reverse("agreements:list"))

    assert [a.partner.name for a in response.context["agreements"]] == ["Nagasaki University"]


def test_staff_create_an_agreement_with_a_condition(client, login, staff_user, havana):
    login(staff_user)

    response = client.post(reverse("agreements:create"), _editor_data(havana.institution))

    agreement = Agreement.objects.get(iia_code="LEI-UH-2025")
    assert response.status_code == 302
    assert agreement.status == "signed_one"
    condition = CooperationCondition.objects.get(agreement=agreement)
    assert (condition.mobility_type, condition.mobilities_per_year, condition.cefr_level) == (
        "SMS",
        3,
        "B2",
    )
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Spanish B2" in page


def test_editor_refuses_a_status_without_signatures_next_to_the_field(
    client, login, staff_user, havana
):
    login(staff_user)

    response = client.post(
        reverse("agreements:create"),
        _editor_data(havana.institution, status="signed_both"),
    )

    assert response.status_code == 200
    assert response.context["editor"].form.errors["status"] == [
        "The status follows the signatures: draft before anyone signs, signed by one with one "
        "signing date, signed by both with two."
    ]
    assert not Agreement.objects.filter(iia_code="LEI-UH-2025").exists()


def test_printable_agreement_names_both_partners_and_conditions(client, login, staff_user, havana):
    login(staff_user)

    response = client.get(reverse("agreements:print", args=[havana.agreement.pk]))

    text = response.content.decode()
    assert "Leiden University" in text
    assert "University of Havana" in text
    assert "Miriam Nicado" in text
    assert "Miriam Nicado" in text
    assert "agreements/print.css" in text


def test_agreement_pdf_for_staff_names_both_partners(client, login, staff_user, havana):
    login(staff_user)

    response = client.get(reverse("agreements:pdf", args=[havana.agreement.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "University of Havana" in text
    assert "Miriam Nicado" in text
