"""The agreement's status follows its signatures, in the database as in the form."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agreements.models import Agreement, CooperationCondition
from tests.factories import HomeInstitutionFactory, InstitutionFactory

pytestmark = pytest.mark.django_db

OURS = {"our_signatory": "Hester Bijl", "our_signing_date": datetime.date(2025, 6, 1)}
THEIRS = {"partner_signatory": "Miriam Nicado", "partner_signing_date": datetime.date(2025, 6, 9)}


def _agreement(**values) -> Agreement:
    return Agreement(
        **{
            "partner": InstitutionFactory(),
            "first_academic_year": 2025,
            "last_academic_year": 2027,
            **values,
        }
    )


@pytest.mark.parametrize(
    "values",
    [
        {"status": "draft"},
        {"status": "signed_one", **OURS},
        {"status": "signed_one", **THEIRS},
        {"status": "signed_both", **OURS, **THEIRS},
        {"status": "ended", "ended_on": datetime.date(2027, 8, 31), **OURS, **THEIRS},
    ],
)
def test_agreement_status_matching_its_signatures_is_stored(values):
    agreement = _agreement(**values)

    agreement.full_clean()
    agreement.save()

    assert Agreement.objects.get().status == values["status"]


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"status": "draft", **OURS}, "agreement_status_follows_signatures"),
        ({"status": "signed_one"}, "agreement_status_follows_signatures"),
        ({"status": "signed_one", **OURS, **THEIRS}, "agreement_status_follows_signatures"),
        ({"status": "signed_both", **OURS}, "agreement_status_follows_signatures"),
        ({"status": "ended", **OURS, **THEIRS}, "agreement_ended_has_end_date"),
        (
            {"status": "signed_both", "ended_on": datetime.date(2027, 8, 31), **OURS, **THEIRS},
            "agreement_ended_has_end_date",
        ),
        (
            {"status": "signed_one", "our_signing_date": datetime.date(2025, 6, 1)},
            "agreement_signing_date_has_signatory",
        ),
        ({"status": "draft", "last_academic_year": 2024}, "agreement_years_in_order"),
    ],
)
def test_agreement_status_against_its_signatures_is_refused_by_the_database(values, constraint):
    agreement = _agreement(**values)

    with pytest.raises(ValidationError):
        agreement.full_clean()
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        agreement.save()


def test_agreement_with_our_own_institution_as_partner_is_refused():
    agreement = _agreement(status="draft")
    agreement.partner = HomeInstitutionFactory()

    with pytest.raises(ValidationError) as error:
        agreement.full_clean()

    assert error.value.message_dict["partner"] == [
        "The partner is the other institution, not ours."
    ]


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"mobility_type": "STA", "total_months_per_year": 2}, "condition_duration_unit"),
        ({"mobility_type": "SMS", "total_days_per_year": 60}, "condition_duration_unit"),
        ({"mobility_type": "SMS", "cefr_level": "B2"}, "condition_cefr_has_language"),
        ({"mobility_type": "STA", "eqf_level": 7}, "condition_eqf_students"),
        ({"mobility_type": "SMS", "mobilities_per_year": 0}, "condition_at_least_one_mobility"),
    ],
)
def test_cooperation_condition_rules_are_in_the_database(values, constraint):
    agreement = _agreement(status="draft")
    agreement.save()
    condition = CooperationCondition(
        agreement=agreement, direction="outgoing", **{"mobilities_per_year": 2, **values}
    )

    with pytest.raises(ValidationError):
        condition.full_clean()
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        condition.save()
