"""The office's pages under /workspace/applications/: per offer the applications, the call's
settings (open, documents, reviewers, criteria), reviews, the ranking and allocation, the
decisions and the step to a planned mobility."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.mixins import WorkspaceMixin
from mobility.models import ExchangeOffer
from outbox.services import render_email

from .. import services
from ..forms import CallForm, CriterionForm, ReviewForm, StatusFilterForm
from ..models import Application, Review
from ..selectors import IN_REVIEW, applications_to_review, entries_of, with_reviews

Status = Application.Status


class OfficeMixin(WorkspaceMixin):
    section = "applications"


class OfferMixin(OfficeMixin):
    """A page about one offer (url pk); permission checked on the offer."""

    permission_required = "applications.view_application"

    def get_permission_object(self):
        self.offer = get_object_or_404(
            ExchangeOffer.objects.select_related("project", "partner").prefetch_related(
                "project__co_coordinators"
            ),
            pk=self.kwargs["pk"],
        )
        self.call = services.call_of(self.offer)
        return self.offer

    def get_context_data(self, **kwargs):
        return super().get_context_data(offer=self.offer, call=self.call, **kwargs)


class OfferListView(OfficeMixin, TemplateView):
    """Every offer with its call's state and its applications counted by status."""

    template_name = "applications/office/offer_list.html"

    def get_context_data(self, **kwargs):
        counts = {
            f"count_{status}": Count("applications", filter=Q(applications__status=status))
            for status in Status.values
        }
        offers = (
            ExchangeOffer.objects.select_related("project", "partner", "call_for_applications")
            .annotate(**counts)
            .order_by("-application_deadline", "title")
        )
        project = self.request.GET.get("project", "")
        if project.isdigit():
            offers = offers.filter(project_id=int(project))
        to_review = dict(
            applications_to_review(self.request.user)
            .values_list("offer_id")
            .annotate(count=Count("pk"))
            .order_by()
        )
        rows = [
            {
                "offer": offer,
                "to_review": to_review.get(offer.pk, 0),
                # Only the statuses some application of the offer is in.
                "counts": [
                    (value, label, count)
                    for value, label in Status.choices
                    if (count := getattr(offer, f"count_{value}"))
                ],
                "total": sum(getattr(offer, f"count_{value}") for value in Status.values),
            }
            for offer in offers
        ]
        return super().get_context_data(rows=rows, **kwargs)


class OfferApplicationsView(OfferMixin, TemplateView):
    template_name = "applications/office/offer_applications.html"

    def get_context_data(self, **kwargs):
        filters = StatusFilterForm(self.request.GET or None)
        # An offer without a stored call (nothing saved yet) has no reviewers.
        reviewer_ids = (
            set(self.call.reviewers.values_list("pk", flat=True)) if self.call.pk else set()
        )
        applications = with_reviews(
            Application.objects.filter(offer=self.offer)
            .select_related("offer")
            .prefetch_related("documents", "language_skills"),
            reader=self.request.user,
            reviewer_ids=reviewer_ids,
        )
        if filters.is_valid() and filters.cleaned_data["status"]:
            applications = applications.filter(status=filters.cleaned_data["status"])
        is_reviewer = self.request.user.pk in reviewer_ids
        rows = [
            {
                "application": application,
                "missing": services.missing_items(application, call=self.call),
                # The reader's own review, for a reviewer of the offer: done, or still to do
                # while the application is in review.
                "my_review": (
                    "done"
                    if application.reviewed_by_reader
                    else "to_do"
                    if application.status in IN_REVIEW
                    else None
                )
                if is_reviewer
                else None,
            }
            for application in applications
        ]
        if filters.is_valid() and filters.cleaned_data["incomplete"]:
            rows = [row for row in rows if row["missing"]]
        return super().get_context_data(
            rows=rows,
            reviewers=len(reviewer_ids),
            is_reviewer=is_reviewer,
            filters=filters,
            may_manage=self.request.user.has_perm("applications.manage_call", self.offer),
            may_decide=self.request.user.has_perm("applications.decide", self.offer),
            **kwargs,
        )


class CallSettingsView(OfferMixin, TemplateView):
    permission_required = "applications.manage_call"
    template_name = "applications/office/call.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", CallForm(instance=self.call, project=self.offer.project))
        kwargs.setdefault("criterion_form", CriterionForm())
        return super().get_context_data(criteria=services.criteria_of(self.call), **kwargs)

    def post(self, request, pk):
        form = CallForm(request.POST, instance=self.call, project=self.offer.project)
        if form.is_valid():
            try:
                services.save_call(
                    call=form.save(commit=False), reviewers=form.cleaned_data["reviewers"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The call for applications is saved."))
                return redirect("applications:call", pk=pk)
        return self.render_to_response(self.get_context_data(form=form))


class CriterionCreateView(CallSettingsView):
    """Adds a criterion; an invalid one shows the call's page again with its errors."""

    http_method_names = ["post"]

    def post(self, request, pk):
        form = CriterionForm(request.POST, instance=None)
        self.call = form.instance.call = services.stored_call(offer=self.offer)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(criterion_form=form))
        form.save()
        messages.success(request, _("The criterion is added."))
        return redirect("applications:call", pk=pk)


class ApplicationMixin(OfficeMixin):
    permission_required = "applications.view_application"

    def get_permission_object(self):
        self.application = get_object_or_404(
            Application.objects.select_related(
                "offer__project", "offer__partner", "offer__call_for_applications", "mobility"
            ).prefetch_related("offer__project__co_coordinators"),
            pk=self.kwargs["pk"],
        )
        return self.application


class ReviewView(ApplicationMixin, TemplateView):
    """An application with its documents; the reviewer's own review form; the other
    reviewers' scores once the reviewer has submitted (or to the office, who do not review)."""

    template_name = "applications/office/review.html"

    def _own_review(self):
        return (
            Review.objects.filter(application=self.application, reviewer=self.request.user)
            .prefetch_related("scores")
            .first()
        )

    def get_context_data(self, **kwargs):
        application = self.application
        criteria = services.criteria_of(services.call_of(application.offer))
        own = self._own_review()
        is_reviewer = self.request.user.has_perm("applications.review_application", application)
        sees_others = (own is not None and own.submitted_at is not None) or not is_reviewer
        others = []
        if sees_others:
            others = [
                {"review": review, "score": services.weighted_score(review, criteria)}
                for review in application.reviews.filter(submitted_at__isnull=False)
                .exclude(reviewer=self.request.user)
                .select_related("reviewer")
                .prefetch_related(Prefetch("scores"))
            ]
        if is_reviewer and (own is None or own.submitted_at is None):
            kwargs.setdefault("form", ReviewForm(criteria=criteria, review=own))
        return super().get_context_data(
            application=application,
            offer=application.offer,
            documents=list(application.documents.all()),
            entries=entries_of(application),
            missing=services.missing_items(application),
            own=own,
            own_score=services.weighted_score(own, criteria) if own and own.submitted_at else None,
            others=others,
            criteria=criteria,
            next_statuses=[
                (value, label)
                for value, label in Status.choices
                if value in services.TRANSITIONS[application.status]
                and value in services.MANUAL_STATUSES
            ],
            may_manage=self.request.user.has_perm("applications.manage_call", application),
            may_decide=self.request.user.has_perm("applications.decide", application),
            **kwargs,
        )

    def post(self, request, pk):
        if not request.user.has_perm("applications.review_application", self.application):
            raise PermissionDenied
        criteria = services.criteria_of(services.call_of(self.application.offer))
        form = ReviewForm(request.POST, criteria=criteria, review=self._own_review())
        if form.is_valid():
            try:
                services.save_review(
                    application=self.application,
                    reviewer=request.user,
                    scores=form.scores(),
                    conflict_of_interest=form.cleaned_data["conflict_of_interest"],
                    conflict_note=form.cleaned_data["conflict_note"],
                    submit="submit" in request.POST,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, _("Your review is saved."))
                return redirect("applications:review", pk=pk)
        return self.render_to_response(self.get_context_data(form=form))


class StatusChangeView(ApplicationMixin, View):
    """The office or a coordinator moves one application (under review, not selected...)."""

    permission_required = "applications.manage_call"
    http_method_names = ["post"]

    def post(self, request, pk):
        status = request.POST.get("status", "")
        try:
            if status not in services.MANUAL_STATUSES:
                # Selecting goes through the allocation (places, budget) and a mobility
                # through its own button: never by a status typed into the form.
                raise ValidationError(services.MANUAL_STATUS_MESSAGE)
            services.change_status(application=self.application, status=status)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The status is changed."))
        return redirect("applications:review", pk=pk)


class CreateMobilityView(ApplicationMixin, View):
    permission_required = "applications.decide"
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            result = services.create_mobility(application=self.application, by=self.request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("applications:review", pk=pk)
        messages.success(request, _("The mobility is created with its grant calculated."))
        for problem in result.problems:
            messages.warning(request, problem)
        return redirect("workspace:mobility-detail", pk=result.mobility.pk)


class RankingView(OfferMixin, TemplateView):
    """The ranking, what limits the number selected, and the allocation it would give."""

    permission_required = "applications.manage_call"
    template_name = "applications/office/ranking.html"

    def get_context_data(self, **kwargs):
        ranked = services.ranking(self.offer)
        capacity = services.capacity(self.offer)
        taken = sum(
            1
            for entry in ranked
            if entry.application.status in (Status.SELECTED, Status.MOBILITY_CREATED)
        )
        free = max(0, capacity.total - taken)
        preview = []
        for entry in ranked:
            proposal = ""
            if entry.application.status == Status.UNDER_REVIEW and entry.score is not None:
                proposal = Status.SELECTED.label if free > 0 else Status.WAITING_LIST.label
                free -= 1 if free > 0 else 0
            preview.append({"entry": entry, "proposal": proposal})
        return super().get_context_data(
            rows=preview,
            capacity=capacity,
            next_waiting=services.next_on_waiting_list(self.offer),
            place_free=taken < capacity.total,
            may_decide=self.request.user.has_perm("applications.decide", self.offer),
            tie_rule=self.call.get_tie_rule_display(),
            **kwargs,
        )


class AllocateView(OfferMixin, View):
    permission_required = "applications.decide"
    http_method_names = ["post"]

    def post(self, request, pk):
        counts = services.allocate(offer=self.offer)
        messages.success(
            request,
            _(
                "%(selected)s selected, %(waiting)s on the waiting list. "
                "Send the decisions when ready."
            )
            % {"selected": counts[Status.SELECTED], "waiting": counts[Status.WAITING_LIST]},
        )
        return redirect("applications:ranking", pk=pk)


class OfferNextPlaceView(OfferMixin, View):
    permission_required = "applications.decide"
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            application = services.offer_place_to_next(offer=self.offer)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The place is offered to %(name)s.") % {"name": application.full_name},
            )
        return redirect("applications:ranking", pk=pk)


class DecisionsView(OfferMixin, TemplateView):
    """The decisions not emailed yet, each with a preview of its email; one button sends them."""

    permission_required = "applications.decide"
    template_name = "applications/office/decisions.html"

    def get_context_data(self, **kwargs):
        pending = services.decisions_to_send(self.offer)
        previews = [
            {
                "application": application,
                "email": render_email(
                    to=application.email,
                    template="application_status",
                    context={
                        "application": application,
                        "offer": self.offer,
                        "status": application.status,
                        "sign_in_url": "…",
                        "link_days": services.SIGN_IN_MAX_AGE.days,
                    },
                    language=application.language,
                ),
            }
            for application in pending
        ]
        return super().get_context_data(previews=previews, **kwargs)

    def post(self, request, pk):
        sent = services.send_decisions(offer=self.offer)
        messages.success(
            request, _("%(count)s decision emails are on their way.") % {"count": sent}
        )
        return redirect("applications:decisions", pk=pk)
