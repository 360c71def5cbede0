"""Lists that page forgive a page number that does not exist: the nearest page is shown,
with a message saying so (a bookmarked page 9 of a list that has shrunk to 3)."""

from django.contrib import messages
from django.utils.text import Truncator
from django.utils.translation import gettext as _


class NearestPageMixin:
    """For Django's ListView (and django-filter's FilterView)."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        asked = self.request.GET.get(self.page_kwarg) or "1"
        page = paginator.get_page(asked)
        if asked != str(page.number):
            messages.warning(
                self.request,
                _("Page “%(asked)s” does not exist; page %(number)s is shown.")
                % {"asked": Truncator(asked).chars(20), "number": page.number},
            )
        return paginator, page, page.object_list, page.has_other_pages()
