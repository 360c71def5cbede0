import datetime

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from .models import CallForApplications


def with_open_call(offers: QuerySet, *, today: datetime.date) -> QuerySet:
    """Annotate accepts_applications: the offer's call is open and its deadline day has not
    passed (the apply form checks the deadline's exact end in the offer's time zone)."""
    open_call = CallForApplications.objects.filter(offer=OuterRef("pk"), is_open=True)
    return offers.annotate(
        accepts_applications=ExpressionWrapper(
            Exists(open_call) & Q(application_deadline__gte=today), output_field=BooleanField()
        )
    )
