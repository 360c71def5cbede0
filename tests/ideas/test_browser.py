"""The academic's journey in Chromium: the home page link, the call's form with the live
cost of a flow, the email read from the SMTP server, confirming and editing through its
link, and the form after the internal deadline."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from ideas.models import CallForIdeas, Idea
from outbox.models import OutgoingEmail
from projects.models import Call
from tests.factories import CallFactory, PersonFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def open_call(transactional_db, call_for_ideas):
    call_for_ideas.internal_deadline = timezone.now() + datetime.timedelta(days=1)
    call_for_ideas.save()
    return call_for_ideas


@pytest.mark.worker
def test_academic_registers_confirms_and_edits_an_idea(
    live_server, page: Page, open_call, observatory, nagasaki, celery_worker_process, smtp_server
):
    page.goto(f"{live_server.url}/en/")
    page.get_by_role(
        "link", name=re.compile("Register your project idea for the KA171 2023")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Project ideas for the KA171 2023 call"
    )
    page.locator("#id_first_name").fill("Maria")
    page.locator("#id_last_name").fill("Yazdanbakhsh")
    page.locator("#id_email").fill("m.yazdanbakhsh@example.org")
    page.locator("#id_unit").select_option(str(observatory.pk))
    page.locator("#id_partner").select_option(str(nagasaki.pk))
    page.locator("#id_flows-0-activity").select_option("STA")
    page.locator("#id_flows-0-direction").select_option("outgoing")
    page.locator("#id_flows-0-people").fill("2")
    page.locator("#id_flows-0-duration_days").fill("7")
    page.locator("#id_flows-0-duration_days").dispatch_event("change")
    expect(page.locator("#flow-costs .flow-total")).to_have_text(re.compile(r"^[0-9]+\.[0-9]{2}$"))
    expect(page.locator("#flow-costs")).to_contain_text("Distance to the partner: 9185.04 km.")
    page.locator("#id_research_field").fill("Astronomy")
    page.locator("#id_rationale").fill("Joint observing.")
    page.get_by_role("button", name="Register my idea").click()

    expect(page.get_by_role("heading", name="Your idea is registered")).to_be_visible()
    message = smtp_server.wait_for(1, timeout=30)[0]
    assert message.to == "m.yazdanbakhsh@example.org"
    assert message.subject == "Confirm your project idea for the KA171 2023 call"
    (link,) = re.findall(r"http://127.0.0.1:8000(/en/ideas/\S+/)", message.text)

    page.goto(live_server.url + link)
    expect(page.get_by_text("Thank you: your address is confirmed.")).to_be_visible()
    page.locator("#id_research_field").fill("Radio astronomy")
    page.get_by_role("button", name="Save my idea").click()
    expect(page.get_by_text("Your idea is updated.")).to_be_visible()
    idea = Idea.objects.get()
    assert idea.research_field == "Radio astronomy"
    assert idea.confirmed_at is not None
    smtp_server.wait_for(3, timeout=30)
    assert sorted(OutgoingEmail.objects.values_list("template", flat=True)) == [
        "idea_confirmed",
        "idea_registered",
        "idea_updated",
    ]

    CallForIdeas.objects.filter(pk=open_call.pk).update(
        internal_deadline=timezone.now() - datetime.timedelta(seconds=1)
    )
    page.goto(live_server.url + link)
    expect(page.get_by_text("The internal deadline of this call has passed")).to_be_visible()
    expect(page.get_by_role("button", name="Save my idea")).to_have_count(0)
    expect(page.locator("#id_research_field")).to_have_value("Radio astronomy")


def test_office_opens_a_call_for_ideas_and_its_page_appears(
    transactional_db, browser, live_server, staff
):
    call = CallFactory(
        year=2100,
        action=Call.Action.KA171,
        deadline=datetime.datetime(2100, 2, 23, 11, 0, tzinfo=datetime.UTC),
        internal_deadline=None,
    )
    contact = PersonFactory(first_name="Femke", last_name="Jansen", email="f.jansen@example.org")
    client = Client()
    client.force_login(staff)
    context = browser.new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()

    page.goto(f"{live_server.url}/workspace/ideas/")
    page.get_by_role("link", name="Open a call for ideas").click()
    page.locator("#id_call").select_option(str(call.pk))
    page.locator("#id_internal_deadline").fill("2100-01-15T12:00")
    page.locator("#id_eu_deadline").fill("2100-02-22T12:00")
    page.locator("#id_funds").fill("Exchanges with universities outside Europe.")
    page.locator("#id_contacts").select_option(str(contact.pk))
    page.get_by_role("button", name="Save the call for ideas").click()

    expect(page.get_by_text("The call for ideas KA171 2100 is saved.")).to_be_visible()
    call_for_ideas = CallForIdeas.objects.get()
    assert timezone.localtime(call_for_ideas.internal_deadline).isoformat() == (
        "2100-01-15T12:00:00+01:00"
    )
    page.get_by_role("link", name="The public page").click()
    expect(page.get_by_text("Exchanges with universities outside Europe.")).to_be_visible()
    context.close()
