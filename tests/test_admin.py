import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import (
    ExchangeOfferFactory,
    InterestRegistrationFactory,
    MobilityFactory,
    MobilityGrantFactory,
    OutgoingEmailFactory,
    ProjectPartnerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PORTAL_APPS = {"partners", "projects", "mobility", "outbox"}
REGISTERED = sorted(
    f"{model._meta.app_label}.{model._meta.model_name}"
    for model in admin.site._registry
    if model._meta.app_label in PORTAL_APPS
)


def test_admin_registers_every_portal_model():
    from django.apps import apps

    models = sorted(
        f"{m._meta.app_label}.{m._meta.model_name}"
        for label in PORTAL_APPS
        for m in apps.get_app_config(label).get_models()
        if not m.__name__.startswith("Historical") and not m._meta.auto_created
    )

    assert models == REGISTERED


@pytest.mark.parametrize("model", REGISTERED)
def test_admin_change_list_with_search_loads_for_staff(client, model):
    ProjectPartnerFactory()
    MobilityGrantFactory()
    MobilityFactory()
    InterestRegistrationFactory(offer=ExchangeOfferFactory())
    OutgoingEmailFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    app_label, model_name = model.split(".")

    changelist = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"), {"q": "a"})

    assert changelist.status_code == 200
