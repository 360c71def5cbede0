from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from mobility import services
from mobility.models import ExchangeOffer, InterestRegistration
from mobility.registrations import change_registration_status

from .. import exports, filters, selectors
from ..exports import Column
from ..forms.mobility import ExchangeOfferEditor, RegistrationStatusForm
from .base import (
    WorkspaceDeleteView,
    WorkspaceDetailView,
    WorkspaceEditorView,
    WorkspaceHistoryView,
    WorkspaceListView,
    WorkspaceObjectMixin,
)

REGISTRATION_COLUMNS = (
    Column(gettext_lazy("Registered at"), "created_at"),
    Column(gettext_lazy("Name"), "name"),
    Column(gettext_lazy("Email"), "email"),
    Column(gettext_lazy("Study programme"), "study_programme"),
    Column(gettext_lazy("Level"), "get_level_display"),
    Column(gettext_lazy("Language"), "language"),
    Column(gettext_lazy("Status"), "get_status_display"),
    Column(gettext_lazy("Motivation"), "motivation"),
)


class ExchangeOfferListView(WorkspaceListView):
    template_name = "workspace/offer_list.html"
    section = "offers"
    filterset_class = filters.ExchangeOfferFilter
    export_basename = "exchange-offers"
    export_url_name = "workspace:offer-export"
    export_columns = (
        Column(gettext_lazy("Title"), "title"),
        Column(gettext_lazy("Project"), "project.title"),
        Column(gettext_lazy("Partner"), "partner.name"),
        Column(gettext_lazy("Activity"), "get_activity_display"),
        Column(gettext_lazy("Level"), "get_level_display"),
        Column(gettext_lazy("Field"), lambda o: o.subject_area.name if o.subject_area else ""),
        Column(gettext_lazy("Places"), "places"),
        Column(gettext_lazy("Duration (days)"), "duration_days"),
        Column(gettext_lazy("Earliest start"), "period_start"),
        Column(gettext_lazy("Latest end"), "period_end"),
        Column(gettext_lazy("Application deadline"), "application_deadline"),
        Column(gettext_lazy("Published"), "is_published"),
        Column(gettext_lazy("Registrations"), "registration_count"),
    )

    def get_queryset(self):
        return selectors.offer_list()


class ExchangeOfferDetailView(WorkspaceDetailView):
    """An offer and, for the office, the students who registered interest in it."""

    template_name = "workspace/offer_detail.html"
    section = "offers"
    permission_required = "mobility.view_exchangeoffer"
    context_object_name = "offer"

    def get_queryset(self):
        return selectors.offer_detail()

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", "")
        if status not in InterestRegistration.Status.values:
            status = ""
        kwargs["status_filter"] = status
        kwargs["status_choices"] = InterestRegistration.Status.choices
        if self.request.user.has_perm("mobility.view_interestregistration", self.object):
            kwargs["registrations"] = selectors.registrations_of(self.object, status=status)
        return super().get_context_data(**kwargs)


class RegistrationExportView(WorkspaceObjectMixin, DetailView):
    """The offer's interest registrations (filtered by status) as CSV or XLSX."""

    model = ExchangeOffer
    permission_required = "mobility.view_interestregistration"

    def get(self, request, *args, **kwargs):
        offer = self.get_object()
        status = request.GET.get("status", "")
        return exports.export_response(
            rows=selectors.registrations_of(offer, status=status),
            columns=REGISTRATION_COLUMNS,
            basename=f"registrations-{offer.slug}",
            export_format=kwargs["export_format"],
        )


class RegistrationStatusView(WorkspaceObjectMixin, DetailView):
    """POST: move one interest registration to another status (the student is emailed)."""

    model = InterestRegistration
    permission_required = "mobility.change_interestregistration"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        registration = self.get_object()
        form = RegistrationStatusForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors["status"])
            change_registration_status(
                registration=registration, status=form.cleaned_data["status"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is now “%(status)s”.")
                % {"name": registration.name, "status": registration.get_status_display()},
            )
        return redirect("workspace:offer-detail", pk=registration.offer_id)


class ExchangeOfferEditorView(WorkspaceEditorView):
    section = "offers"
    model = ExchangeOffer
    editor_class = ExchangeOfferEditor
    detail_url_name = "workspace:offer-detail"

    def get_editor_kwargs(self) -> dict:
        kwargs = super().get_editor_kwargs()
        project = self.request.GET.get("project")
        if kwargs["instance"] is None and project and project.isdigit():
            kwargs["initial"] = {"project": int(project)}
        return kwargs

    def save(self, editor: ExchangeOfferEditor) -> ExchangeOffer:
        return services.save_offer(offer=editor.form.instance, by=self.request.user)


class ExchangeOfferCreateView(ExchangeOfferEditorView):
    permission_required = "mobility.add_exchangeoffer"
    create_title = gettext_lazy("New offer")


class ExchangeOfferUpdateView(ExchangeOfferEditorView):
    permission_required = "mobility.change_exchangeoffer"


class ExchangeOfferDeleteView(WorkspaceDeleteView):
    model = ExchangeOffer
    section = "offers"
    permission_required = "mobility.delete_exchangeoffer"
    success_url_name = "workspace:offer-list"
    detail_url_name = "workspace:offer-detail"

    def perform(self, obj):
        services.delete_offer(offer=obj, by=self.request.user)


class ExchangeOfferHistoryView(WorkspaceHistoryView):
    model = ExchangeOffer
    section = "offers"
    permission_required = "mobility.view_exchangeoffer"
    detail_url_name = "workspace:offer-detail"
