from django.utils import timezone

from applications import services
from applications.models import Application
from demo.seed import load_demo
from mobility.models import ExchangeOffer
from outbox.models import OutgoingEmail


def test_demo_has_an_open_call_with_applications_in_every_status(db):
    load_demo(today=timezone.localdate())
    load_demo(today=timezone.localdate())

    offer = ExchangeOffer.objects.get(slug="three-months-at-nagasaki-university")
    assert services.is_open_for_applications(offer, now=timezone.now())
    assert sorted(
        Application.objects.filter(offer=offer).values_list("status", flat=True)
    ) == sorted([*Application.Status.values, Application.Status.WAITING_LIST])
    ranked = services.ranking(offer)
    assert [entry.application.last_name for entry in ranked[:3]] == [
        "El Amrani",
        "Bakker",
        "de Boer",
    ]
    assert list(
        Application.objects.filter(status="waiting_list")
        .order_by("rank")
        .values_list("last_name", flat=True)
    ) == ["Mulder", "Jansen"]
    assert Application.objects.get(last_name="El Amrani").mobility.grant_error == ""
    # Every application handed in has what the call asks for; only the draft lacks some.
    incomplete = {
        application.last_name: services.missing_items(application)
        for application in Application.objects.filter(offer=offer)
        if services.missing_items(application)
    }
    assert {name: [str(item) for item in items] for name, items in incomplete.items()} == {
        "Visser": ["Transcript of records"]
    }
    assert not OutgoingEmail.objects.exists()
