"""factory_boy factories for the domain, with valid defaults that tests override."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from mobility.models import (
    Activity,
    Direction,
    ExchangeOffer,
    InterestRegistration,
    Level,
    Mobility,
    MobilityGrant,
)
from outbox.models import OutgoingEmail
from partners.models import Contact, Institution, OrganisationalUnit
from projects.models import Call, Deadline, Person, Project, ProjectPartner, SubjectArea


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"University {n}")
    country = "JP"
    city = "Nagasaki"
    latitude = Decimal("32.78")
    longitude = Decimal("129.87")


class HomeInstitutionFactory(InstitutionFactory):
    class Meta:
        django_get_or_create = ["name"]

    name = "Leiden University"
    country = "NL"
    city = "Leiden"
    latitude = Decimal("52.15")
    longitude = Decimal("4.48")
    is_home = True


class OrganisationalUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationalUnit

    institution = factory.SubFactory(HomeInstitutionFactory)
    name = factory.Sequence(lambda n: f"Institute {n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        django_get_or_create = ["year", "action"]

    year = 2020
    action = Call.Action.KA107
    deadline = datetime.datetime(2020, 2, 5, 11, 0, tzinfo=datetime.UTC)
    internal_deadline = datetime.date(2020, 1, 15)


class SubjectAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubjectArea
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Field {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = "Maria"
    last_name = factory.Sequence(lambda n: f"Coordinator{n}")
    email = factory.LazyAttribute(lambda p: f"{p.last_name.lower()}@example.org")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    call = factory.SubFactory(CallFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    home_unit = factory.SubFactory(OrganisationalUnitFactory)
    lead_coordinator = factory.SubFactory(PersonFactory)
    status = Project.Status.RUNNING
    start_date = datetime.date(2020, 8, 1)
    end_date = datetime.date(2023, 7, 31)
    awarded_budget = Decimal("50000.00")


class ProjectPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectFactory)
    institution = factory.SubFactory(InstitutionFactory)


class DeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deadline

    project = factory.SubFactory(ProjectFactory)
    kind = Deadline.Kind.CUSTOM
    title = factory.Sequence(lambda n: f"Deadline {n}")
    due_date = datetime.date(2021, 6, 1)


class MobilityGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MobilityGrant

    project = factory.SubFactory(ProjectFactory)
    partner = factory.SubFactory(InstitutionFactory)
    activity = Activity.TEACHING
    direction = Direction.OUTGOING
    mobilities_planned = 2
    duration_days = 5
    amount_awarded = Decimal("4000.00")


class MobilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mobility

    project = factory.SubFactory(ProjectFactory)
    partner = factory.SubFactory(InstitutionFactory)
    activity = Activity.TEACHING
    direction = Direction.OUTGOING
    first_name = "Jan"
    last_name = factory.Sequence(lambda n: f"Participant{n}")
    email = factory.LazyAttribute(lambda m: f"{m.last_name.lower()}@example.org")
    level = Level.STAFF
    planned_start = datetime.date(2021, 3, 8)
    planned_end = datetime.date(2021, 3, 12)
    travel_days = 2


class ExchangeOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeOffer

    project = factory.SubFactory(ProjectFactory)
    partner = factory.SubFactory(InstitutionFactory)
    slug = factory.Sequence(lambda n: f"offer-{n}")
    title = factory.Sequence(lambda n: f"Research stay {n}")
    description = "Three months of research in the partner's laboratory."
    activity = Activity.STUDY
    level = Level.MASTER
    places = 2
    duration_days = 90
    period_start = datetime.date(2027, 2, 1)
    period_end = datetime.date(2027, 8, 31)
    application_deadline = datetime.date(2027, 1, 15)
    is_published = True


class InterestRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterestRegistration

    offer = factory.SubFactory(ExchangeOfferFactory)
    name = "Sanne de Vries"
    email = factory.Sequence(lambda n: f"student{n}@example.org")
    study_programme = "Biomedical Sciences"
    level = Level.MASTER
    motivation = "I want to work on medical imaging."


class OutgoingEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutgoingEmail

    to = factory.Sequence(lambda n: f"recipient{n}@example.org")
    subject = factory.Sequence(lambda n: f"Message {n}")
    body_text = "Hello"
    template = "password_reset"
