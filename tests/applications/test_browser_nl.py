"""Two applicants apply in Dutch in Chromium, each with the sign-in link read from the SMTP
server; a staff reviewer and the project's coordinator score them differently; the offer has
one place, so one is selected and one goes on the waiting list; the decisions go out in
Dutch; the office turns the selected application into a planned mobility; that applicant
withdraws (the mobility is cancelled), the next on the waiting list is offered the place
and gets a planned mobility in turn."""

import re
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from applications.models import Application
from mobility.models import Mobility

from .conftest import PDF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
ARTIFACTS = BASE_DIR / "test-artifacts" / "applications-nl"
OFFER = "Teaching at Leiden and Havana"
PASSWORD = "correct horse battery staple"

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def _screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def _message(smtp_server, *, to: str, subject: str, timeout: float = 30.0):
    """The one message to the address with the subject, waiting for it to arrive."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in smtp_server.messages if m.to == to and m.subject == subject]
        if found:
            assert len(found) == 1, f"{len(found)} messages '{subject}' to {to}"
            return found[0]
        time.sleep(0.1)
    received = [(m.to, m.subject) for m in smtp_server.messages]
    pytest.fail(f"No message '{subject}' to {to} in {timeout} s; received {received}")


def _text(message) -> str:
    return message.text.replace("\r\n", "\n")


def _sign_in_path(message) -> str:
    link = re.search(r"https?://\S+/applications/sign-in/\S+/", message.text).group(0)
    return urlsplit(link).path


def _apply_in_dutch(page, live_server, smtp_server, offer, *, email, first, last, tmp_path):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/nl/offers/{offer.slug}/")
    page.get_by_role("link", name="Aanvragen", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/nl/offers/{offer.slug}/apply/")
    page.get_by_label("Je e-mailadres").fill(email)
    page.get_by_role("button", name="Stuur me de link").click()
    expect(page.get_by_role("heading", name="Kijk in je e-mail")).to_be_visible()
    link = _message(smtp_server, to=email, subject=f"Je link om {OFFER} aan te vragen")
    path = _sign_in_path(link)
    assert path.startswith("/nl/applications/sign-in/")
    page.goto(live_server.url + path)

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Je aanvraag: {OFFER}")
    page.locator("#id_first_name").fill(first)
    page.locator("#id_last_name").fill(last)
    page.locator("#id_birth_date").fill("1985-04-02")
    page.locator("#id_nationality").select_option("NL")
    page.locator("#id_gender").select_option("F")
    page.locator("#id_home_unit").fill("Faculteit der Natuurwetenschappen")
    page.locator("#id_level").select_option("staff")
    page.locator("#id_motivation").fill("Ik geef optica en wil het daar onderwijzen.")
    page.locator("#id_preferred_start").fill("2021-03-08")
    page.locator("#id_preferred_end").fill("2021-03-12")
    page.locator("#id_language_0").select_option("en")
    page.locator("#id_language_level_0").select_option("C1")
    cv = tmp_path / f"cv-{last.lower()}.pdf"
    cv.write_bytes(PDF)
    page.locator("#id_document_cv").set_input_files(str(cv))
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_text("Je concept is opgeslagen.")).to_be_visible()
    expect(page.get_by_role("link", name=cv.name)).to_be_visible()
    page.get_by_role("button", name="Aanvraag indienen").click()

    expect(page.get_by_text("Je aanvraag is ingediend.")).to_be_visible()
    expect(page.locator(".application-status")).to_have_text("Ingediend")
    _message(smtp_server, to=email, subject=f"Je aanvraag voor {OFFER}: Ingediend")
    return Application.objects.get(email=email)


def _log_in(page: Page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _review(page, live_server, application, criterion, score: int) -> None:
    page.goto(f"{live_server.url}/workspace/applications/{application.pk}/")
    page.locator(f"#id_score_{criterion.pk}").fill(str(score))
    page.get_by_role("button", name="Submit review").click()
    expect(page.locator("#own-score")).to_have_text(f"{score * 10}.00")


def _ranking_rows(page) -> list[list[str]]:
    rows = page.locator("#ranking tbody tr")
    return [
        [cell.strip() for cell in rows.nth(i).locator("td").all_inner_texts()]
        for i in range(rows.count())
    ]


def test_dutch_applicants_are_reviewed_ranked_decided_and_the_waiting_list_moves_up(
    live_server,
    page,
    world_a,
    staff_user,
    coordinator_a,
    rates,
    celery_worker_process,
    smtp_server,
    tmp_path,
):
    world_a.offer.places = 1
    world_a.offer.save()
    world_a.call.reviewers.set([staff_user, coordinator_a])
    criterion = world_a.call.criteria.create(name="Motivation", weight=1, scale_max=10)
    offer = world_a.offer

    eva = _apply_in_dutch(
        page,
        live_server,
        smtp_server,
        offer,
        email="eva@example.org",
        first="Eva",
        last="Jansen",
        tmp_path=tmp_path,
    )
    bas = _apply_in_dutch(
        page,
        live_server,
        smtp_server,
        offer,
        email="bas@example.org",
        first="Bas",
        last="Bos",
        tmp_path=tmp_path,
    )
    assert [d.original_name for d in eva.documents.all()] == ["cv-jansen.pdf"]
    _screenshot(page, "1-submitted")

    _log_in(page, live_server, staff_user.username)
    _review(page, live_server, eva, criterion, 8)
    _review(page, live_server, bas, criterion, 4)
    _log_in(page, live_server, coordinator_a.username)
    _review(page, live_server, eva, criterion, 6)
    _review(page, live_server, bas, criterion, 7)

    _log_in(page, live_server, staff_user.username)
    page.goto(f"{live_server.url}/workspace/applications/offers/{offer.pk}/ranking/")
    page.get_by_role("button", name="Allocate as shown").click()
    assert _ranking_rows(page) == [
        ["1", "Eva Jansen", "70.00", "2", "Selected", "—"],
        ["2", "Bas Bos", "55.00", "2", "Waiting list (1)", "—"],
    ]
    _screenshot(page, "2-ranking")
    page.get_by_role("link", name="Decisions").click()
    page.get_by_role("button", name="Send these decisions").click()
    expect(page.get_by_text("Every decision has been emailed.")).to_be_visible()

    selected = _message(
        smtp_server, to="eva@example.org", subject=f"Je aanvraag voor {OFFER}: Geselecteerd"
    )
    assert _text(selected).startswith("Beste Eva,\n\nGoed nieuws: je bent geselecteerd voor “")
    assert "Status van je aanvraag: Geselecteerd" in _text(selected)
    waiting = _message(
        smtp_server, to="bas@example.org", subject=f"Je aanvraag voor {OFFER}: Wachtlijst"
    )
    assert _text(waiting).startswith("Beste Bas,\n\n")

    page.goto(f"{live_server.url}/workspace/applications/{eva.pk}/")
    page.get_by_role("button", name="Create the planned mobility").click()
    eva_mobility = Mobility.objects.get(email="eva@example.org")
    expect(page).to_have_url(f"{live_server.url}/workspace/mobilities/{eva_mobility.pk}/")
    assert eva_mobility.status == Mobility.Status.NOMINATED
    _screenshot(page, "3-mobility-eva")

    # Eva withdraws with the link of her decision email: her planned mobility is cancelled.
    page.context.clear_cookies()
    page.goto(live_server.url + _sign_in_path(selected))
    expect(page.get_by_role("heading", level=1)).to_have_text("Je aanvragen")
    expect(page.locator(".application-status")).to_have_text("Mobiliteit aangemaakt")
    page.get_by_role("button", name="Deze aanvraag intrekken").click()
    expect(page.get_by_text("Je aanvraag is ingetrokken.")).to_be_visible()
    expect(page.locator(".application-status")).to_have_text("Ingetrokken")
    eva_mobility.refresh_from_db()
    assert eva_mobility.status == Mobility.Status.CANCELLED

    _log_in(page, live_server, staff_user.username)
    page.goto(f"{live_server.url}/workspace/applications/offers/{offer.pk}/ranking/")
    page.get_by_role("button", name="Offer the free place to Bas Bos").click()
    assert _ranking_rows(page) == [["1", "Bas Bos", "55.00", "2", "Selected", "—"]]
    page.get_by_role("link", name="Decisions").click()
    page.get_by_role("button", name="Send these decisions").click()
    expect(page.get_by_text("Every decision has been emailed.")).to_be_visible()
    offered = _message(
        smtp_server, to="bas@example.org", subject=f"Je aanvraag voor {OFFER}: Geselecteerd"
    )
    assert _text(offered).startswith("Beste Bas,\n\nGoed nieuws: je bent geselecteerd voor “")

    page.goto(f"{live_server.url}/workspace/applications/{bas.pk}/")
    page.get_by_role("button", name="Create the planned mobility").click()
    mobility = Mobility.objects.get(email="bas@example.org")
    expect(page).to_have_url(f"{live_server.url}/workspace/mobilities/{mobility.pk}/")
    _screenshot(page, "4-mobility-bas")
    assert (mobility.first_name, mobility.last_name, mobility.status) == (
        "Bas",
        "Bos",
        Mobility.Status.NOMINATED,
    )
    assert (mobility.individual_support, mobility.travel_support) == (
        Decimal("1260.00"),
        Decimal("1500.00"),
    )
    assert dict(Application.objects.values_list("email", "status")) == {
        "eva@example.org": Application.Status.WITHDRAWN,
        "bas@example.org": Application.Status.MOBILITY_CREATED,
    }
    decisions = [
        m.subject
        for m in smtp_server.messages
        if m.subject.endswith(("Geselecteerd", "Wachtlijst"))
    ]
    assert sorted(decisions) == [
        f"Je aanvraag voor {OFFER}: Geselecteerd",
        f"Je aanvraag voor {OFFER}: Geselecteerd",
        f"Je aanvraag voor {OFFER}: Wachtlijst",
    ]
