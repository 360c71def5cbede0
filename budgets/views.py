from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from accounts.mixins import WorkspaceMixin
from mobility import exports, history
from mobility.eligibility import quote_problems
from mobility.grants import quote_for_partner
from mobility.models import Mobility, RateTable, TravelBand
from mobility.rates import GrantCalculationError
from projects.models import Project
from spreadsheets.writer import attachment

from . import selectors, services
from .forms import CalculatorForm, DistanceBandForm, NewRateTableForm, RateTableEditor

XML = "xml"


def xml_attachment(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class BudgetsMixin(WorkspaceMixin):
    """The workspace's access rules (accounts.mixins), with the budget pages' tabs."""

    section = "budgets"
    tab = "overview"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("tab", self.tab)
        return super().get_context_data(**kwargs)


class ProjectMixin(BudgetsMixin):
    """A page about one project, found by its slug."""

    def get_project(self) -> Project:
        if not hasattr(self, "_project"):
            self._project = get_object_or_404(
                Project.objects.select_related("call", "home_unit"), slug=self.kwargs["slug"]
            )
        return self._project

    def get_permission_object(self):
        return self.get_project()


class OverviewView(BudgetsMixin, TemplateView):
    permission_required = "budgets.view_overview"
    template_name = "budgets/overview.html"

    def get_context_data(self, **kwargs):
        overview = selectors.budget_overview()
        return super().get_context_data(
            overview=overview,
            charts=overview.chart_data(),
            country_rows=selectors.direction_table(overview.by_country, "country_name"),
            year_rows=selectors.direction_table(overview.by_year, "year"),
            institutions_without_schac_code=(
                exports.institutions_without_schac_code()
                if self.request.user.has_perm("budgets.export_institutions")
                else []
            ),
            **kwargs,
        )


class ProjectBudgetView(ProjectMixin, TemplateView):
    permission_required = "budgets.view_project_budget"
    template_name = "budgets/project_budget.html"

    def get_context_data(self, **kwargs):
        project = self.get_project()
        budget = selectors.project_budget(project, today=timezone.localdate())
        user = self.request.user
        return super().get_context_data(
            project=project,
            budget=budget,
            charts=budget.chart_data(),
            can_see_people=user.has_perm("projects.view_people", project),
            mobilities=selectors.project_mobilities(project, user=user),
            mobility_count=project.mobilities.count(),
            can_export=user.has_perm("budgets.export_project", project),
            **kwargs,
        )


class ProjectExportView(ProjectMixin, TemplateView):
    permission_required = "budgets.export_project"
    template_name = "budgets/project_export.html"

    def get_context_data(self, **kwargs):
        report = exports.project_report(self.get_project())
        return super().get_context_data(project=report.project, report=report, **kwargs)


class ProjectExportDownloadView(ProjectMixin, TemplateView):
    permission_required = "budgets.export_project"

    def get(self, request, *args, **kwargs):
        export_format = kwargs["export_format"]
        report = exports.project_report(self.get_project())
        content = exports.BM_FORMATS[export_format](report)
        if export_format == XML:
            return xml_attachment(content, filename=f"{report.filename}.xml")
        return attachment(content, export_format=export_format, filename=report.filename)


class InstitutionsXmlView(BudgetsMixin, TemplateView):
    permission_required = "budgets.export_institutions"

    def get(self, request, *args, **kwargs):
        return xml_attachment(exports.ewp_institutions().xml, filename="ewp-institutions.xml")


class CalculatorView(BudgetsMixin, FormView):
    """The what-if calculator: a GET form, the quote (or what is missing) below it."""

    permission_required = "budgets.use_calculator"
    tab = "calculator"
    template_name = "budgets/calculator.html"
    form_class = CalculatorForm

    def get_form_kwargs(self):
        return {"data": self.request.GET or None, "initial": self.get_initial()}

    def get_context_data(self, **kwargs):
        form = kwargs.get("form") or self.get_form()
        quote = error = None
        problems = []
        if form.is_bound and form.is_valid():
            try:
                quote = quote_for_partner(**form.quote_arguments())
            except GrantCalculationError as problem:
                error = str(problem)
            else:
                problems = quote_problems(quote, green_travel=form.cleaned_data["green_travel"])
        return super().get_context_data(
            form=form, quote=quote, error=error, problems=problems, **kwargs
        )


class RateTableListView(BudgetsMixin, ListView):
    permission_required = "budgets.change_rates"
    tab = "rates"
    template_name = "budgets/rate_table_list.html"
    context_object_name = "tables"

    def get_queryset(self):
        return RateTable.objects.annotate(
            rate_count=Count("individual_rates", distinct=True),
            band_count=Count("travel_bands", distinct=True),
        )


class RateTableMixin(BudgetsMixin):
    permission_required = "budgets.change_rates"
    tab = "rates"

    def get_table(self) -> RateTable:
        if not hasattr(self, "_table"):
            self._table = get_object_or_404(RateTable, pk=self.kwargs["pk"])
        return self._table


class RateTableDetailView(RateTableMixin, TemplateView):
    template_name = "budgets/rate_table_detail.html"

    def get_context_data(self, **kwargs):
        table = self.get_table()
        return super().get_context_data(
            table=table,
            rates=table.individual_rates.all(),
            bands=selectors.bands_with_labels(table),
            rules=table.eligibility_rules.all(),
            entries=history.rate_table_history(table, limit=50),
            **kwargs,
        )


class RateTableEditView(RateTableMixin, TemplateView):
    template_name = "budgets/rate_table_form.html"

    def get(self, request, *args, **kwargs):
        editor = RateTableEditor(instance=self.get_table())
        return self.render_to_response(self.get_context_data(editor=editor))

    def post(self, request, *args, **kwargs):
        editor = RateTableEditor(instance=self.get_table(), data=request.POST)
        if not editor.is_valid():
            return self.render_to_response(self.get_context_data(editor=editor))
        changed = services.save_rate_table(
            table=editor.form.instance,
            table_changed=editor.form.has_changed(),
            individual_rates=editor.rate_changes(),
            travel_bands=editor.band_changes(),
            eligibility_rules=editor.rule_changes(),
        )
        messages.success(
            request,
            _("Rates saved; %(count)s mobility grants recalculated.") % {"count": changed},
        )
        return redirect("budgets:rate-table-detail", pk=self.get_table().pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(table=self.get_table(), **kwargs)


class RateTableRecalculateView(RateTableMixin, View):
    """Recalculate every grant of the table's call, e.g. after a partner's coordinates changed."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        changed = services.recalculate_call_grants(table=self.get_table())
        messages.success(request, _("%(count)s mobility grants changed.") % {"count": changed})
        return redirect("budgets:rate-table-detail", pk=self.get_table().pk)


class RateTableCreateView(BudgetsMixin, FormView):
    permission_required = "budgets.change_rates"
    tab = "rates"
    template_name = "budgets/rate_table_create.html"
    form_class = NewRateTableForm

    def form_valid(self, form):
        try:
            table = services.create_rate_table(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Rate table %(table)s created.") % {"table": table})
        return redirect("budgets:rate-table-edit", pk=table.pk)


class MobilityGrantView(BudgetsMixin, DetailView):
    """A mobility's grant with its breakdown and history; staff may choose its travel band."""

    permission_required = "budgets.view_mobility_grant"
    template_name = "budgets/mobility_grant.html"
    context_object_name = "mobility"
    queryset = Mobility.objects.select_related("project__call", "partner")

    def get_permission_object(self):
        if not hasattr(self, "object"):
            self.object = self.get_object()
        return self.object

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("budgets.override_distance_band", self.object):
            raise PermissionDenied
        form = self.band_form(data=request.POST)
        if form.is_valid():
            try:
                services.set_distance_band(
                    mobility=self.object,
                    band_min_km=form.cleaned_data["band"],
                    justification=form.cleaned_data["justification"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Travel band saved and the grant recalculated."))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(band_form=form))

    def band_form(self, data=None) -> DistanceBandForm:
        call = self.object.project.call
        bands = TravelBand.objects.filter(
            rate_table__call_year=call.year, rate_table__action=call.action
        )
        initial = {
            "band": self.object.band_override_km,
            "justification": self.object.band_override_justification,
        }
        return DistanceBandForm(data=data, initial=initial, travel_bands=bands)

    def get_context_data(self, **kwargs):
        if self.request.user.has_perm("budgets.override_distance_band", self.object):
            kwargs.setdefault("band_form", self.band_form())
        return super().get_context_data(
            entries=history.mobility_grant_history(self.object),
            project_budget_url=reverse(
                "budgets:project-budget", kwargs={"slug": self.object.project.slug}
            ),
            **kwargs,
        )
