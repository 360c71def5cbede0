from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, View

from accounts.mixins import WorkspaceMixin
from accounts.redirects import redirect_to_next
from mobility.grants import is_ineligible_short_stay
from ops.pagination import NearestPageMixin
from spreadsheets.writer import FORMATS, XLSX, Column, Sheet, attachment, write_csv, write_xlsx

from . import selectors, services
from .forms import PaymentFilterForm, PaymentStepForm, PaymentTermsForm
from .models import DEFAULT_PREFINANCING_PERCENT, Payment


class PaymentsMixin(WorkspaceMixin):
    permission_required = "payments.manage_payments"
    section = "office"


class PaymentListView(PaymentsMixin, NearestPageMixin, ListView):
    template_name = "payments/payment_list.html"
    context_object_name = "payments"
    paginate_by = 50

    def get_queryset(self):
        self.form = PaymentFilterForm(self.request.GET or None)
        filters = self.form.cleaned_data if self.form.is_valid() else {}
        return selectors.payments_for_list(
            status=filters.get("status", ""),
            kind=filters.get("kind", ""),
            project=filters.get("project"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, **kwargs)
        context["short_stays"] = {
            payment.mobility_id
            for payment in context["payments"]
            if payment.kind == Payment.Kind.RECOVERY and is_ineligible_short_stay(payment.mobility)
        }
        return context


class PaymentStepView(PaymentsMixin, View):
    """Move one payment on: requested, or paid."""

    http_method_names = ["post"]

    def post(self, request, pk):
        payment = get_object_or_404(Payment, pk=pk)
        form = PaymentStepForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose requested or paid, and a valid date."))
            return redirect("payments:list")
        step = (
            services.mark_paid if form.cleaned_data["step"] == "paid" else services.mark_requested
        )
        try:
            step(payment=payment, on=form.cleaned_data["on"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The payment is now %(status)s.")
                % {"status": Payment.Status(form.cleaned_data["step"]).label.lower()},
            )
        return redirect_to_next(request, fallback="payments:list")


DUE_COLUMNS = [
    Column(gettext_lazy("Payment"), "pk"),
    Column(gettext_lazy("Project"), "mobility.project.title"),
    Column(gettext_lazy("Grant agreement number"), "mobility.project.grant_agreement_number"),
    Column(gettext_lazy("First name"), "mobility.first_name"),
    Column(gettext_lazy("Last name"), "mobility.last_name"),
    Column(gettext_lazy("Email"), "mobility.email"),
    Column(gettext_lazy("Kind"), "get_kind_display"),
    Column(gettext_lazy("Amount (EUR)"), "signed_amount"),
    Column(gettext_lazy("Due on"), "due_on"),
]


class DueExportView(PaymentsMixin, View):
    """The payments due (not yet requested), for finance: CSV or XLSX."""

    def get(self, request, export_format):
        if export_format not in FORMATS:
            export_format = XLSX
        rows = list(selectors.due_payments())
        columns = [Column(str(column.header), column.value) for column in DUE_COLUMNS]
        if export_format == XLSX:
            content = write_xlsx(Sheet(_("Payments due"), columns, rows))
        else:
            content = write_csv(rows, columns)
        filename = f"payments-due-{timezone.localdate().isoformat()}"
        return attachment(content, export_format=export_format, filename=filename)


class PaymentTermsView(PaymentsMixin, FormView):
    """Each call's pre-financing share, and the form that sets one."""

    template_name = "payments/terms.html"
    form_class = PaymentTermsForm
    success_url = reverse_lazy("payments:terms")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            calls=selectors.calls_with_terms(),
            default_percent=DEFAULT_PREFINANCING_PERCENT,
            **kwargs,
        )

    def form_valid(self, form):
        services.set_prefinancing_percent(
            call=form.cleaned_data["call"], percent=form.cleaned_data["prefinancing_percent"]
        )
        messages.success(self.request, _("The pre-financing of the call is saved."))
        return super().form_valid(form)
