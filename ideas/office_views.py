"""The office's pages: the calls for ideas (opened, changed and closed here), a call's ideas
(both lists with the workspace's search, filters, sorting and paging), and one idea with its
notes, status, history and the step that turns it into a proposal."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, View

from accounts.mixins import WorkspaceMixin
from ops.lists import FilteredListView

from . import selectors, services
from .costs import idea_cost
from .filters import CallForIdeasFilter, IdeaFilter
from .forms import CallForIdeasForm, OfficeIdeaForm
from .models import CallForIdeas, Idea


class OfficeMixin(WorkspaceMixin):
    permission_required = "ideas.view_idea"
    section = "office"


class CallForIdeasListView(OfficeMixin, FilteredListView):
    template_name = "ideas/office/call_list.html"
    context_object_name = "calls_for_ideas"
    filterset_class = CallForIdeasFilter

    def get_queryset(self):
        return selectors.calls_for_ideas_with_counts()


class CallForIdeasEditView(OfficeMixin, FormView):
    """Open a call for ideas (no pk) or change one: deadlines, what is funded, contacts,
    open or closed."""

    template_name = "ideas/office/call_form.html"
    form_class = CallForIdeasForm

    def dispatch(self, request, *args, **kwargs):
        self.permission_required = (
            "ideas.change_callforideas" if "pk" in kwargs else "ideas.add_callforideas"
        )
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def call_for_ideas(self) -> CallForIdeas | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(CallForIdeas.objects.select_related("call"), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.call_for_ideas}

    def form_valid(self, form):
        try:
            call_for_ideas = services.save_call_for_ideas(
                call_for_ideas=form.instance,
                eu_deadline=form.cleaned_data["eu_deadline"],
                contacts=list(form.cleaned_data["contacts"]),
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            self.request,
            _("The call for ideas %(call)s is saved.") % {"call": call_for_ideas.call},
        )
        return redirect("ideas_office:list", pk=call_for_ideas.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        return super().get_context_data(call_for_ideas=self.call_for_ideas, **kwargs)


class IdeaListView(OfficeMixin, FilteredListView):
    template_name = "ideas/office/idea_list.html"
    context_object_name = "ideas"
    filterset_class = IdeaFilter

    @cached_property
    def call_for_ideas(self) -> CallForIdeas:
        return get_object_or_404(CallForIdeas.objects.select_related("call"), pk=self.kwargs["pk"])

    def get_queryset(self):
        return selectors.ideas_of_call(call_for_ideas=self.call_for_ideas)

    def get_filterset_kwargs(self, filterset_class):
        return {
            **super().get_filterset_kwargs(filterset_class),
            "call_for_ideas": self.call_for_ideas,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            call_for_ideas=self.call_for_ideas,
            deadline=services.local_deadline(self.call_for_ideas),
            eu_deadline=services.eu_deadline(self.call_for_ideas.call),
            **kwargs,
        )


class IdeaDetailView(OfficeMixin, DetailView):
    template_name = "ideas/office/idea_detail.html"
    context_object_name = "idea"
    queryset = Idea.objects.select_related(
        "call_for_ideas__call", "unit", "partner", "project"
    ).prefetch_related("flows")

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        idea = self.object
        flows = [
            {
                "activity": flow.activity,
                "direction": flow.direction,
                "people": flow.people,
                "duration_days": flow.duration_days,
            }
            for flow in idea.flows.all()
        ]
        history = list(idea.history.select_related("history_user").order_by("-history_date"))
        changes = [
            (record, record.diff_against(previous).changes if previous else [])
            for record, previous in zip(history, [*history[1:], None], strict=True)
        ]
        return super().get_context_data(
            form=kwargs.pop("form", None) or OfficeIdeaForm(instance=idea),
            cost=idea_cost(
                call=idea.call_for_ideas.call,
                partner=idea.partner,
                country=str(idea.partner_country),
                flows=flows,
            ),
            changes=changes,
            **kwargs,
        )


class IdeaChangeView(OfficeMixin, View):
    permission_required = "ideas.change_idea"
    http_method_names = ["post"]

    def post(self, request, pk):
        idea = get_object_or_404(Idea, pk=pk)
        form = OfficeIdeaForm(request.POST, instance=Idea.objects.get(pk=pk))
        if form.is_valid():
            try:
                services.change_idea(
                    idea=idea,
                    status=form.cleaned_data["status"],
                    notes=form.cleaned_data["notes"],
                    partner=form.cleaned_data["partner"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The idea is saved."))
                return redirect("ideas_office:idea", pk=pk)
        view = IdeaDetailView(request=request, kwargs={"pk": pk}, args=())
        view.object = IdeaDetailView.queryset.get(pk=pk)
        return view.render_to_response(view.get_context_data(form=form), status=400)


class TurnIntoProposalView(OfficeMixin, View):
    permission_required = "ideas.change_idea"
    http_method_names = ["post"]

    def post(self, request, pk):
        idea = get_object_or_404(Idea, pk=pk)
        try:
            project = services.turn_into_proposal(idea=idea, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("ideas_office:idea", pk=pk)
        messages.success(
            request, _("The idea is now the proposal %(title)s.") % {"title": project.title}
        )
        return redirect("ideas_office:idea", pk=pk)
