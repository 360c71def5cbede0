"""The tools of the workspace's lists, for any app's list page: a free-text search `q` over
the fields in `search_fields` (each word must match one of them), a `sort` parameter and the
list's own filters (django-filter), paged by LIST_PAGE_SIZE.

A value that does not fit its filter is ignored and the other filters still apply
(`ignored()` says what was left out, the page shows it as a message); rows end sorted on the
primary key, so that pages never repeat or skip a row and an export lists the rows in the
list's order. The page shows them with workspace/_list_tools.html, the sort_link tag
(ops/templatetags/list_tags.py) and _pagination.html.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView

from .pagination import NearestPageMixin

LIST_PAGE_SIZE = 25


class AnyYesNoWidget(django_filters.widgets.BooleanWidget):
    """A yes/no filter that applies only when a side is chosen."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", _("Any")), ("true", _("Yes")), ("false", _("No")))


class SortFilter(django_filters.OrderingFilter):
    """The `sort` parameter: a column's name, or the name after "-" for the other way round."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Sort"))
        super().__init__(*args, **kwargs)


class FilterBarForm(forms.Form):
    """The filter bar's form, its widgets styled with Bootstrap's classes: the bar renders
    each field with a small template of its own (workspace/_filter_field.html)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class WorkspaceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    search_fields: tuple[str, ...] = ()

    def get_form_class(self):
        fields = {name: filter_.field for name, filter_ in self.filters.items()}
        return type(f"{type(self).__name__}Form", (FilterBarForm,), fields)

    def filter_queryset(self, queryset):
        """The valid filters applied (an invalid one is not in cleaned_data), ties ending on
        the primary key."""
        queryset = super().filter_queryset(queryset)
        ordering = queryset.query.order_by or (
            queryset.model._meta.ordering if queryset.query.default_ordering else ()
        )
        return queryset.order_by(*ordering, "pk")

    def ignored(self) -> list[str]:
        """One sentence for each filter whose value was ignored: the filter, the value, why."""
        notices = []
        for name, errors in self.form.errors.items():
            field = self.form.fields.get(name)
            value = ", ".join(self.data.getlist(name)) if hasattr(self.data, "getlist") else ""
            notices.append(
                gettext("%(filter)s “%(value)s” was ignored: %(reason)s")
                % {
                    "filter": field.label if field is not None else name,
                    "value": Truncator(value).chars(40),
                    "reason": Truncator(" ".join(errors)).chars(160),
                }
            )
        return notices

    def search(self, queryset, name, value):
        model = queryset.model
        for word in value.split()[:10]:
            matches = Q()
            for field in self.search_fields:
                matches |= Q(**{f"{field}__icontains": word})
            # A subquery, not a join: searching across many-to-many rows adds no duplicates.
            queryset = queryset.filter(pk__in=model._default_manager.filter(matches).values("pk"))
        return queryset

    def only_mine(self, queryset, condition):
        """The rows matching condition(person) for the user's person; none if they have none."""
        user = getattr(self.request, "user", None)
        person = getattr(user, "person", None) if user is not None else None
        if person is None:
            return queryset.none()
        matching = queryset.model._default_manager.filter(condition(person)).values("pk")
        return queryset.filter(pk__in=matching)


class FilteredListView(NearestPageMixin, FilterView):
    """A searchable, filterable, sortable list, LIST_PAGE_SIZE rows a page; a filter value or
    a page number that does not fit is left out with a message."""

    paginate_by = LIST_PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        self.object_list = self.filterset.qs
        for notice in self.filterset.ignored():
            messages.warning(request, notice)
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def get_filterset_kwargs(self, filterset_class):
        # Bound even to an empty query: an unbound filter set is never valid.
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        kwargs["is_filtered"] = any(value for key, value in query.items() if key not in ("sort",))
        return super().get_context_data(**kwargs)
