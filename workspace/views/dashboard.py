from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_countries import countries

from applications import selectors as applications
from applications.models import Application
from mobility.models import Direction
from projects.models import Project
from reminders.selectors import recent_reminders_for_person

from .. import selectors
from .base import WorkspaceMixin

UPCOMING_DAYS = 60
RECENT_REMINDERS = 5
# The budget chart shows the running projects ending soonest; the budgets page has them all.
BUDGET_PROJECTS = 10


class DashboardView(WorkspaceMixin, TemplateView):
    """My deadlines, the calls for applications and my reviews, and charts of projects,
    mobilities and budgets."""

    template_name = "workspace/dashboard.html"
    section = "dashboard"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        by_status = selectors.projects_by_status()
        mobility_rows = selectors.mobilities_by_country_and_direction(year=today.year)
        budgets = list(selectors.budget_use_of_running_projects()[:BUDGET_PROJECTS])
        running = next(r["count"] for r in by_status if r["status"] == Project.Status.RUNNING)
        person = getattr(self.request.user, "person", None)
        return super().get_context_data(
            person=person,
            my_reminders=(recent_reminders_for_person(person)[:RECENT_REMINDERS] if person else []),
            today=today,
            upcoming_days=UPCOMING_DAYS,
            deadlines=selectors.deadlines_for(self.request.user, today=today, days=UPCOMING_DAYS),
            open_calls=list(applications.open_calls_for(self.request.user, today=today)),
            application_counts=applications.application_counts_for(self.request.user),
            application_statuses=Application.Status.labels,
            reviews_to_do=list(applications.reviews_to_do_for(self.request.user)),
            projects_by_status=by_status,
            mobility_rows=[
                {**row, "country_name": countries.name(row["partner__country"])}
                for row in mobility_rows
            ],
            budgets=budgets,
            running_count=running,
            chart_data={
                "projectsByStatus": {
                    "title": _("Projects"),
                    "labels": [row["label"] for row in by_status],
                    "counts": [row["count"] for row in by_status],
                },
                "mobilities": _mobility_chart(mobility_rows),
                "budgets": {
                    "series": [_("Awarded budget"), _("Grant lines"), _("Mobility grants")],
                    "labels": [project.title for project in budgets],
                    "awarded": [float(project.awarded_budget) for project in budgets],
                    "grantLines": [float(project.grant_lines_total) for project in budgets],
                    "mobilityGrants": [float(project.mobility_grants_total) for project in budgets],
                },
            },
            year=today.year,
            **kwargs,
        )


def _mobility_chart(rows: list[dict]) -> dict:
    """Countries as labels, one series per direction."""
    names = {row["partner__country"]: str(countries.name(row["partner__country"])) for row in rows}
    codes = sorted(names, key=names.get)
    series = {}
    for direction, label in Direction.choices:
        counts = {r["partner__country"]: r["count"] for r in rows if r["direction"] == direction}
        series[direction] = {"label": str(label), "counts": [counts.get(c, 0) for c in codes]}
    return {"labels": [names[code] for code in codes], "series": list(series.values())}
