"""The application's own page, where the applicant follows it: the deadline while it is a
draft, then when it was submitted, what happens next in each status, what they handed in,
its history, and withdrawing."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from applications import services
from applications.models import Application, CallForApplications
from applications.selectors import entries_of
from applications.signin import SESSION_KEY

from .conftest import complete_draft, reviewed_and_selected, submitted

Status = Application.Status
OFFER = "Teaching at Leiden and Havana"
# 20 Jan 2026, 23:30 in UTC is already 21 Jan in Amsterdam.
SUBMITTED_AT = datetime.datetime(2026, 1, 20, 23, 30, tzinfo=datetime.UTC)


def as_applicant(client, address="eva@example.org"):
    session = client.session
    session[SESSION_KEY] = address
    session.save()
    return client


def page_text(response) -> str:
    """The page's visible text in <main>, tags removed and white space collapsed."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())


def open_page(client, application, language="en"):
    with translation.override(language):
        url = reverse("public:application", args=[application.pk])
    return client.get(url)


def under_review(offer, email="eva@example.org", **kwargs) -> Application:
    application = submitted(offer, email, **kwargs)
    Application.objects.filter(pk=application.pk).update(submitted_at=SUBMITTED_AT)
    services.change_status(application=application, status=Status.UNDER_REVIEW)
    application.refresh_from_db()
    return application


def set_call_dates(call: CallForApplications, *, review_by, decide_by) -> None:
    CallForApplications.objects.filter(pk=call.pk).update(review_by=review_by, decide_by=decide_by)


# --- a draft -----------------------------------------------------------------------------


def test_draft_shows_the_deadline_by_its_day_and_the_form(client, world_a):
    world_a.offer.application_deadline = datetime.date(2099, 2, 1)
    world_a.offer.save()
    draft = complete_draft(world_a.offer, "eva@example.org")

    response = open_page(as_applicant(client), draft)

    text = page_text(response)
    assert response.status_code == 200
    assert (
        "Status: Draft Submit by 1 Feb 2099: until midnight at the end of that day, Amsterdam time."
    ) in text
    assert "Submit before" not in text
    assert 'name="motivation"' in response.content.decode()
    assert "Where you stand" not in text
    assert "What you handed in" not in text


def test_draft_deadline_names_the_calls_time_zone(client, world_a):
    world_a.offer.application_deadline = datetime.date(2099, 2, 1)
    world_a.offer.save()
    CallForApplications.objects.filter(pk=world_a.call.pk).update(time_zone="America/Los_Angeles")
    draft = complete_draft(world_a.offer, "eva@example.org")

    text = page_text(open_page(as_applicant(client), draft))

    assert "Submit by 1 Feb 2099: until midnight at the end of that day, Los Angeles time." in text


def test_draft_after_the_deadline_says_it_can_no_longer_be_submitted(client, world_a):
    draft = complete_draft(world_a.offer, "eva@example.org")
    world_a.offer.application_deadline = datetime.date(2026, 2, 1)
    world_a.offer.save()

    text = page_text(open_page(as_applicant(client), draft))

    assert (
        "The deadline for applications (1 Feb 2026) has passed: "
        "this draft can no longer be submitted."
    ) in text
    assert "Submit by" not in text


def test_draft_in_dutch_shows_the_deadline_by_its_day(client, world_a):
    world_a.offer.application_deadline = datetime.date(2099, 2, 1)
    world_a.offer.save()
    draft = complete_draft(world_a.offer, "eva@example.org")

    text = page_text(open_page(as_applicant(client), draft, language="nl"))

    assert (
        "Dien je aanvraag in uiterlijk 1 feb 2099: tot middernacht aan het eind van die dag, "
        "tijd in Amsterdam."
    ) in text


# --- after submitting ----------------------------------------------------------------------


def test_under_review_with_decide_by_says_when_the_decision_comes(client, world_a):
    set_call_dates(
        world_a.call, review_by=datetime.date(2099, 3, 1), decide_by=datetime.date(2099, 3, 15)
    )
    application = under_review(world_a.offer)

    text = page_text(open_page(as_applicant(client), application))

    assert (
        "Status: Under review Where you stand Submitted on 21 Jan 2026. "
        f"Your application for “{OFFER}” is being reviewed. "
        "Decisions by 15 Mar 2099: we email you the decision. What you handed in"
    ) in text
    assert "Submit by" not in text
    assert 'name="motivation"' not in text


def test_submitted_without_decide_by_says_the_decision_is_emailed(client, world_a):
    application = submitted(world_a.offer, "eva@example.org")
    Application.objects.filter(pk=application.pk).update(submitted_at=SUBMITTED_AT)

    text = page_text(open_page(as_applicant(client), application))

    assert (
        "Where you stand Submitted on 21 Jan 2026. "
        f"We have received your application for “{OFFER}”. The selection starts after the "
        "deadline. We email you the decision. What you handed in"
    ) in text


def test_under_review_in_dutch(client, world_a):
    set_call_dates(
        world_a.call, review_by=datetime.date(2099, 3, 1), decide_by=datetime.date(2099, 3, 15)
    )
    application = under_review(world_a.offer)

    text = page_text(open_page(as_applicant(client), application, language="nl"))

    assert (
        "Status: In beoordeling Waar je staat Ingediend op 21 jan 2026. "
        f"Je aanvraag voor “{OFFER}” wordt beoordeeld. "
        "Besluiten uiterlijk 15 mrt 2099: we mailen je het besluit. Wat je hebt ingediend"
    ) in text


def _waiting(application, rank):
    services.change_status(application=application, status=Status.WAITING_LIST)
    Application.objects.filter(pk=application.pk).update(rank=rank)


def test_waiting_list_shows_the_place_on_the_list(client, world_a):
    first = under_review(world_a.offer, "anna@example.org", last_name="Bakker")
    second = under_review(world_a.offer)
    _waiting(first, 1)
    _waiting(second, 2)
    services.send_decisions(offer=world_a.offer)
    second.refresh_from_db()

    text = page_text(open_page(as_applicant(client), second))

    assert (
        "Status: Waiting list Where you stand Submitted on 21 Jan 2026. "
        f"All places of “{OFFER}” are taken for now; you are on the waiting list. If a place "
        "comes free, we will offer it to the next on the list. "
        "You are number 2 on the waiting list; we email you when a place is offered to you."
    ) in text


def test_waiting_list_place_moves_up_when_someone_ahead_leaves_the_list(client, world_a):
    first = under_review(world_a.offer, "anna@example.org", last_name="Bakker")
    second = under_review(world_a.offer)
    _waiting(first, 1)
    _waiting(second, 2)
    services.send_decisions(offer=world_a.offer)
    services.change_status(application=first, status=Status.SELECTED)
    second.refresh_from_db()

    text = page_text(open_page(as_applicant(client), second))

    assert second.rank == 2
    assert "You are number 1 on the waiting list;" in text


def test_selected_says_the_office_plans_the_mobility(client, world_a):
    application = under_review(world_a.offer)
    services.change_status(application=application, status=Status.SELECTED)
    services.send_decisions(offer=world_a.offer)

    text = page_text(open_page(as_applicant(client), application))

    assert (
        "Status: Selected Where you stand Submitted on 21 Jan 2026. "
        f"Good news: you have been selected for “{OFFER}”. The International Relations Office "
        "will contact you about the next steps. The office now plans your mobility with you. "
        "Once it is planned, this page links to your mobility: your documents and what to do."
    ) in text
    assert reverse("participant:from-application", args=[application.pk]) not in text


def test_selected_with_a_planned_mobility_links_to_the_participant_page(
    client, world_a, staff_user, rates
):
    application = under_review(world_a.offer)
    reviewed_and_selected(world_a, application, reviewer=staff_user)
    services.create_mobility(application=application)

    response = open_page(as_applicant(client), application)

    bridge = reverse("participant:from-application", args=[application.pk])
    assert (
        f"Your exchange “{OFFER}” is now planned; the International Relations Office will send "
        "you the grant agreement. Your mobility: documents and what to do"
    ) in page_text(response)
    assert f'href="{bridge}"' in response.content.decode()


def test_not_selected_points_to_other_offers_and_cannot_be_withdrawn(client, world_a):
    application = under_review(world_a.offer)
    services.change_status(application=application, status=Status.NOT_SELECTED)
    services.send_decisions(offer=world_a.offer)

    response = open_page(as_applicant(client), application)

    text = page_text(response)
    assert (
        f"We are sorry: you have not been selected for “{OFFER}”. Other exchange offers may "
        "still be open to you. Exchange offers"
    ) in text
    assert reverse("public:application-withdraw", args=[application.pk]) not in text
    assert "Withdraw this application" not in text


def _history(text: str) -> list[str]:
    return re.findall(r"\d{4}, \d\d:\d\d: ([A-Z][a-z ]+?)(?= \d| Withdraw| Your)", text)


def test_a_decision_shows_once_it_was_emailed(client, world_a):
    application = under_review(world_a.offer)
    services.change_status(application=application, status=Status.SELECTED)
    client = as_applicant(client)

    before = page_text(open_page(client, application))
    listed = page_text(client.get(reverse("public:my-applications")))
    services.send_decisions(offer=world_a.offer)
    after = page_text(open_page(client, application))

    # Until the office sends the decisions it may still change them: the applicant reads
    # "under review", in the status, what happens next and the history alike.
    assert "Status: Under review Where you stand" in before
    assert "Status: Under review" in listed
    assert "selected" not in before.lower().replace("not selected", "")
    assert _history(before)[-1] == "Under review"
    assert "Status: Selected Where you stand" in after
    assert _history(after)[-1] == "Selected"


def test_a_place_offered_from_the_waiting_list_shows_once_it_was_emailed(client, world_a):
    application = under_review(world_a.offer)
    _waiting(application, 1)
    services.send_decisions(offer=world_a.offer)
    services.change_status(application=application, status=Status.SELECTED)

    text = page_text(open_page(as_applicant(client), application))

    # Still the waiting list the applicant was told of, without a place on it.
    assert "Status: Waiting list Where you stand" in text
    assert "We email you when a place is offered to you." in text
    assert "You are number" not in text
    assert _history(text)[-1] == "Waiting list"


# --- what was handed in ------------------------------------------------------------------


def test_entries_are_every_field_of_the_form_with_its_label_and_value(world_a):
    application = submitted(world_a.offer, "eva@example.org")

    with translation.override("en"):
        rows = entries_of(application)

    assert rows == [
        ("Name", "Eva Jansen"),
        ("Date of birth", "2 Apr 1985"),
        ("Nationality", "Netherlands"),
        ("Gender", "Female"),
        ("Faculty or institute", "Faculty of Science"),
        ("Study level or staff", "Staff"),
        ("Field of education", "0533 Physics"),
        ("Preferred period", "8 Mar 2021 \u2013 12 Mar 2021"),
        ("Languages", "English C1"),
        ("Motivation", "I teach optics and want to teach it there."),
    ]


def test_entries_in_dutch_and_an_empty_field(world_a):
    application = submitted(world_a.offer, "eva@example.org")
    Application.objects.filter(pk=application.pk).update(field_of_education="")
    application.refresh_from_db()

    with translation.override("nl"):
        rows = dict(entries_of(application))

    assert rows["Geboortedatum"] == "2 apr 1985"
    assert rows["Nationaliteit"] == "Nederland"
    assert rows["Gender"] == "Vrouw"
    assert rows["Onderwijsgebied"] == "\u2014"
    assert rows["Gewenste periode"] == "8 mrt 2021 \u2013 12 mrt 2021"
    assert rows["Talen"] == "Engels C1"


def test_submitted_page_shows_the_entries_and_the_documents(client, world_a):
    application = submitted(world_a.offer, "eva@example.org")
    document = application.documents.get()

    response = open_page(as_applicant(client), application)

    text = page_text(response)
    assert (
        "What you handed in Name Eva Jansen Date of birth 2 Apr 1985 Nationality Netherlands "
        "Gender Female Faculty or institute Faculty of Science Study level or staff Staff "
        "Field of education 0533 Physics Preferred period 8 Mar 2021 \u2013 12 Mar 2021 "
        "Languages English C1 Motivation I teach optics and want to teach it there. "
        "Your documents CV: cv.pdf"
    ) in text
    document_url = reverse("public:application-document", args=[document.pk])
    assert f'href="{document_url}"' in response.content.decode()


# --- history, withdrawing, who may see it --------------------------------------------------


def test_history_lists_each_status_once(client, world_a):
    application = under_review(world_a.offer)

    response = open_page(as_applicant(client), application)

    statuses = [record.get_status_display() for record in response.context["history"]]
    assert statuses == ["Draft", "Submitted", "Under review"]
    assert re.search(r"History \d+ \w+ \d{4}, \d\d:\d\d: Draft", page_text(response))


def test_withdrawing_from_the_page_returns_to_it(client, world_a):
    application = under_review(world_a.offer)
    as_applicant(client)
    withdraw = reverse("public:application-withdraw", args=[application.pk])
    before = open_page(client, application).content.decode()

    response = client.post(withdraw, {"back": "application"}, follow=True)

    application.refresh_from_db()
    assert f'action="{withdraw}"' in before
    assert application.status == Status.WITHDRAWN
    assert response.redirect_chain == [(reverse("public:application", args=[application.pk]), 302)]
    text = page_text(response)
    assert "Your application is withdrawn." in text
    assert (
        "Status: Withdrawn Where you stand Submitted on 21 Jan 2026. "
        f"Your application for “{OFFER}” is withdrawn."
    ) in text
    assert "Withdraw this application" not in text


def test_withdrawing_from_the_list_returns_to_the_list(client, world_a):
    application = under_review(world_a.offer)

    response = as_applicant(client).post(
        reverse("public:application-withdraw", args=[application.pk])
    )

    assert response["Location"] == reverse("public:my-applications")


@pytest.mark.parametrize(
    ("who", "expected"),
    [(None, 404), ("other@example.org", 404), ("eva@example.org", 200)],
)
def test_a_submitted_application_is_its_applicants_alone(client, world_a, who, expected):
    application = under_review(world_a.offer)
    if who:
        as_applicant(client, who)

    page = open_page(client, application)
    withdrawn = client.post(reverse("public:application-withdraw", args=[application.pk]))

    assert page.status_code == expected
    application.refresh_from_db()
    if expected == 404:
        assert withdrawn.status_code == 404
        assert application.status == Status.UNDER_REVIEW


def test_another_applicants_application_stays_hidden_from_a_signed_in_applicant(client, world_a):
    mine = under_review(world_a.offer)
    theirs = under_review(world_a.offer, "anna@example.org", last_name="Bakker")
    as_applicant(client)

    assert open_page(client, mine).status_code == 200
    assert open_page(client, theirs).status_code == 404


def test_the_office_reads_the_same_entries_on_the_review_page(login, world_a, staff_user):
    application = submitted(world_a.offer, "eva@example.org")

    response = login(staff_user).get(reverse("applications:review", args=[application.pk]))

    assert response.status_code == 200
    assert (
        "Email eva@example.org Name Eva Jansen Date of birth 2 Apr 1985 Nationality Netherlands "
        "Gender Female Faculty or institute Faculty of Science Study level or staff Staff "
        "Field of education 0533 Physics Preferred period 8 Mar 2021 \u2013 12 Mar 2021 "
        "Languages English C1 Motivation I teach optics and want to teach it there. "
        "Still missing \u2014"
    ) in page_text(response)


def test_a_decision_never_emailed_stays_out_of_the_history_after_a_withdrawal(client, world_a):
    application = under_review(world_a.offer)
    services.change_status(application=application, status=Status.SELECTED)
    services.withdraw_application(application=application)

    text = page_text(open_page(as_applicant(client), application))

    assert "Status: Withdrawn" in text
    assert _history(text) == ["Draft", "Submitted", "Under review", "Withdrawn"]
