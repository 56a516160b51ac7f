"""A page of a list, and the length of the whole list, in one query.

Django's paginator counts the list (a COUNT query), then reads the page. Here the page's rows
are read by the ids of the page (a subquery that sorts only the ids, which an index can often
answer alone) and carry the list's length (a COUNT subquery the database runs once): one round
trip instead of two, and no sort of whole rows.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F, Func, IntegerField, QuerySet, Subquery

# Beyond any list's end; larger numbers would overflow the database's OFFSET.
MAX_PAGE = 1_000_000


class CountInPageMixin:
    """For a Paginator class whose object_list is an ordered QuerySet (no DISTINCT, no GROUP BY,
    no orphans)."""

    def get_page(self, number):
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number):
        rows = self.object_list
        if (
            "count" in self.__dict__
            or self.orphans
            or not isinstance(rows, QuerySet)
            or rows.query.distinct
            or rows.query.group_by is not None
            or rows.query.combinator
        ):
            return super().page(number)
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if not 1 <= number <= MAX_PAGE:
            return super().page(number)  # Django's: counted first, EmptyPage if out of range
        start = (number - 1) * self.per_page
        page_ids = rows.values("pk")[start : start + self.per_page]
        length = rows.order_by().annotate(
            list_length=Func(F("pk"), function="COUNT", output_field=IntegerField())
        )
        found = list(
            rows.filter(pk__in=page_ids).annotate(
                list_length=Subquery(length.values("list_length"))
            )
        )
        if found:
            self.count = found[0].list_length
            return self._get_page(found, number, self)
        if number == 1:
            self.count = 0
        return super().page(number)  # empty: the first page of an empty list, or past the end


class CountedPaginator(CountInPageMixin, Paginator):
    pass


def page_with_total(queryset: QuerySet, per_page: int, number):
    """`Paginator(queryset, per_page).get_page(number)`, in one query."""
    return CountedPaginator(queryset, per_page).get_page(number)
