"""Page-number pagination that stays as fast on page 100 as on page 1.

An OFFSET query works out every row it skips: with the catalogue's joins and its
availability subqueries that is a hundred pages of work to show page 100. This paginator
pages through the primary keys alone (an index-ordered scan of one column) and then loads
the page's rows in full, with their joins and annotations, by primary key.
"""

from django.core.paginator import Paginator


class DeferredJoinPaginator(Paginator):
    def __init__(self, object_list, per_page, *args, count: int | None = None, **kwargs):
        """count: the number of rows when it is already known (counted once, kept)."""
        super().__init__(object_list, per_page, *args, **kwargs)
        if count is not None:
            self.__dict__["count"] = count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = self.object_list.filter(pk__in=keys)
        position = {key: index for index, key in enumerate(keys)}
        return self._get_page(sorted(rows, key=lambda row: position[row.pk]), number, self)
