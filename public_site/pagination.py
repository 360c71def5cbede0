"""Page-number pagination that stays as fast on page 100 as on page 1.

An OFFSET query works out every row it skips: with the catalogue's joins and its
availability subqueries that is a hundred pages of work to show page 100. This paginator
pages through the primary keys alone (an index-ordered scan of one column); the page's rows
are then loaded in full, with their joins and annotations, by primary key, when first used.
"""

from collections.abc import Sequence

from django.core.paginator import Paginator


class PageRows(Sequence):
    """The rows of one page: their keys known at once, the rows loaded on first use."""

    def __init__(self, queryset, keys: list):
        self.keys = keys
        self._queryset = queryset
        self._rows = None

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, index):
        if self._rows is None:
            position = {key: number for number, key in enumerate(self.keys)}
            rows = self._queryset.filter(pk__in=self.keys)
            self._rows = sorted(rows, key=lambda row: position[row.pk])
        return self._rows[index]


class DeferredJoinPaginator(Paginator):
    def __init__(self, object_list, per_page, *args, keys=None, count: int | None = None, **kwargs):
        """keys: the same rows in the same order without what only their display needs (a
        leaner query to page through); count: the number of rows when already known."""
        super().__init__(object_list, per_page, *args, **kwargs)
        self.keys = object_list if keys is None else keys
        if count is not None:
            self.__dict__["count"] = count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.keys.values_list("pk", flat=True)[bottom:top])
        return self._get_page(PageRows(self.object_list, keys), number, self)
