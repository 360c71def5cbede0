"""The applicant's preferred period: checked against the offer's period and duration, and
carried into the planned mobility."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications import services
from applications.models import Application
from mobility.models import ExchangeOffer

from .conftest import complete_draft, reviewed_and_selected, submitted
from .test_applicant_pages import form_data, signed_in

Status = Application.Status


def selected(world, reviewer, **period) -> Application:
    """An application with the given preferred period, reviewed and selected."""
    ExchangeOffer.objects.filter(pk=world.offer.pk).update(duration_days=10)
    application = submitted(world.offer, "eva@example.org")
    # As it was stored (an older application may lack an end).
    Application.objects.filter(pk=application.pk).update(**period)
    world.call.reviewers.set([reviewer])
    return reviewed_and_selected(world, application, reviewer=reviewer)


def test_mobility_is_planned_for_the_preferred_start_and_end(world_a, staff_user, rates):
    application = selected(
        world_a,
        staff_user,
        preferred_start=datetime.date(2021, 4, 12),
        preferred_end=datetime.date(2021, 4, 18),
    )

    mobility = services.create_mobility(application=application).mobility

    assert (mobility.planned_start, mobility.planned_end) == (
        datetime.date(2021, 4, 12),
        datetime.date(2021, 4, 18),
    )


def test_without_a_preferred_end_the_mobility_lasts_the_offers_duration(world_a, staff_user, rates):
    application = selected(
        world_a, staff_user, preferred_start=datetime.date(2021, 4, 13), preferred_end=None
    )

    mobility = services.create_mobility(application=application).mobility

    assert (mobility.planned_start, mobility.planned_end) == (
        datetime.date(2021, 4, 13),
        datetime.date(2021, 4, 22),
    )


@pytest.mark.parametrize(
    ("start", "end", "errors"),
    [
        (
            datetime.date(2021, 3, 12),
            datetime.date(2021, 3, 8),
            {"preferred_end": ["The preferred end cannot come before the preferred start."]},
        ),
        (
            datetime.date(2021, 2, 26),
            datetime.date(2021, 3, 2),
            {
                "preferred_start": [
                    "Choose a day from 1 Mar 2021 to 30 Jun 2021, the offer's period."
                ]
            },
        ),
        (
            datetime.date(2021, 6, 28),
            datetime.date(2021, 7, 2),
            {"preferred_end": ["Choose a day from 1 Mar 2021 to 30 Jun 2021, the offer's period."]},
        ),
        (
            datetime.date(2021, 3, 8),
            datetime.date(2021, 3, 13),
            {"preferred_end": ["The offer lasts at most 5 days, the first and last day included."]},
        ),
    ],
)
def test_preferred_period_outside_the_offers_rules_is_refused(world_a, start, end, errors):
    application = complete_draft(world_a.offer, "eva@example.org")

    with pytest.raises(ValidationError) as refused:
        services.save_draft(
            application=application,
            data={"preferred_start": start, "preferred_end": end},
            languages=[("en", "C1")],
        )

    assert refused.value.message_dict == errors
    application.refresh_from_db()
    assert (application.preferred_start, application.preferred_end) == (
        datetime.date(2021, 3, 8),
        datetime.date(2021, 3, 12),
    )


def test_a_period_longer_than_the_offer_is_shown_next_to_the_end_and_nothing_saved(client, world_a):
    signed_in(client, world_a)
    application = Application.objects.get()
    url = reverse("public:application", args=[application.pk])

    response = client.post(
        url, {**form_data(preferred_start="2021-03-08", preferred_end="2021-03-20"), "save": ""}
    )

    application.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "preferred_end": ["The offer lasts at most 5 days, the first and last day included."]
    }
    assert (application.preferred_start, application.preferred_end, application.motivation) == (
        None,
        None,
        "",
    )
    assert 'value="2021-03-20"' in response.text


def test_a_period_inside_the_offers_rules_is_accepted_and_submitted(world_a):
    application = submitted(world_a.offer, "eva@example.org")

    assert (application.status, application.preferred_start, application.preferred_end) == (
        Status.SUBMITTED,
        datetime.date(2021, 3, 8),
        datetime.date(2021, 3, 12),
    )
