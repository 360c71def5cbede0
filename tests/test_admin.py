import pytest
from axes.models import AccessFailureLog
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from demo.seed import load_demo
from projects.models import Person
from reminders.services import preference_for, send_due_reminders
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
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

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


def _one_row_of_each_admin_model(client) -> None:
    """The demo data, a registration, an email, reminders and the login records of axes."""
    load_demo(today=timezone.localdate())
    InterestRegistrationFactory(offer=ExchangeOfferFactory())
    OutgoingEmailFactory()
    preference_for(person=Person.objects.filter(user__isnull=False).first())
    send_due_reminders(now=timezone.now())
    UserFactory(username="iro", password="correct horse battery staple")
    client.post(
        reverse("accounts:login"), {"username": "iro", "password": "correct horse battery staple"}
    )
    client.post(reverse("accounts:login"), {"username": "iro", "password": "wrong"})
    # Kept only with AXES_ENABLE_ACCESS_FAILURE_LOG, which the portal leaves off.
    AccessFailureLog.objects.create(username="iro", ip_address="127.0.0.1", user_agent="test")


def test_every_admin_page_answers_for_a_superuser(client):
    """Each registered model's change list, add page (where adding is allowed) and the change
    page of one of its rows."""
    _one_row_of_each_admin_model(client)
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser, backend=MODEL_BACKEND)
    client.raise_request_exception = False
    request = RequestFactory().get("/")
    request.user = superuser
    answers, adds = {}, 0
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        row = model._default_manager.order_by("pk").first()
        assert row is not None, model._meta.label
        urls = [reverse(f"{info}_changelist"), reverse(f"{info}_change", args=[row.pk])]
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{info}_add"))
            adds += 1
        for url in urls:
            answers[url] = client.get(url).status_code

    assert {url: status for url, status in answers.items() if status != 200} == {}
    assert len(answers) == 2 * len(admin.site._registry) + adds
    assert adds == len(admin.site._registry) - 4
