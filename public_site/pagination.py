"""Page-number pagination that stays as fast on page 100 as on page 1.

An OFFSET query works out every row it skips: with the catalogue's joins and its
availability subqueries that is a hundred pages of work to show page 100. This paginator
pages through the primary keys alone (an index-ordered scan of one column); the page's rows
are then loaded in full, with their joins and annotations, by primary key, when first used.
"""

from collections.abc import Callable, Sequence

from django.core.paginator import Paginator


class PageRows(Sequence):
    """The rows of one page: their keys known at once, the rows loaded on first use."""

    def __init__(self, rows: Callable, keys: list):
        """rows: returns the queryset the rows are loaded from."""
        self.keys = keys
        self._load = rows
        self._rows = None

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, index):
        if self._rows is None:
            position = {key: number for number, key in enumerate(self.keys)}
            rows = self._load().filter(pk__in=self.keys)
            self._rows = sorted(rows, key=lambda row: position[row.pk])
        return self._rows[index]


class DeferredJoinPaginator(Paginator):
    def __init__(
        self,
        object_list,
        per_page,
        *args,
        rows: Callable | None = None,
        count: int | None = None,
        **kwargs,
    ):
        """object_list: the rows in order, paged through by key alone (best without what only
        their display needs); rows: returns the queryset the page's rows are loaded from,
        made only if they are (default: object_list); count: the number of rows when
        already known."""
        super().__init__(object_list, per_page, *args, **kwargs)
        self.rows = rows or (lambda: object_list)
        if count is not None:
            self.__dict__["count"] = count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(PageRows(self.rows, keys), number, self)
