from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.factories import HomeInstitutionFactory, InstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("schac_code", "Not A Domain"),
        ("erasmus_code", "warsaw"),
        ("pic", "12345"),
        ("oid", "E1234"),
        ("latitude", Decimal("91")),
        ("longitude", Decimal("-181")),
    ],
)
def test_institution_bad_value_is_rejected_by_the_database(field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionFactory(**{field: value})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("schac_code", "uw.edu.pl"),
        ("erasmus_code", "PL WARSZAW01"),
        ("pic", "999984059"),
        ("oid", "E10208597"),
    ],
)
def test_institution_identifier_is_unique_when_present(field, value):
    InstitutionFactory(**{field: value})

    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionFactory(**{field: value})


def test_institution_blank_identifiers_may_repeat():
    InstitutionFactory(schac_code="", erasmus_code="", pic="", oid="")
    InstitutionFactory(schac_code="", erasmus_code="", pic="", oid="")


def test_institution_only_one_is_marked_home():
    HomeInstitutionFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        HomeInstitutionFactory(name="Another home")


def test_institution_identifier_formats_are_validated_in_forms_too():
    institution = InstitutionFactory.build(pic="12ab", oid="X12345678")

    with pytest.raises(Exception) as error:
        institution.full_clean()

    assert set(error.value.message_dict) == {"pic", "oid"}
