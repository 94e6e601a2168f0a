from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request


class DeferredJoinPaginator(Paginator):
    """Finds the page's ids first, then loads only those rows.

    With OFFSET the database builds every skipped row: a deep page computed
    a comment count and the joins for each. The ids alone come from the
    ordering index; the joins and annotations then run for 20 rows. Still
    one query.

    On PostgreSQL, past EXACT_COUNT_LIMIT matching rows the count is the
    planner's estimate: counting a million tickets exactly reads a million
    index entries on every page. Pages then fetch one row more than they
    show, so `next` stays exact and every page stays reachable. Under the
    limit the same query returns the matching ids, and the page is read by
    id: the planner, misjudging a rare search word as common, walked the date
    index through all million tickets for it. (Figures: docs/benchmarks.md.)
    """

    # Building the subquery costs more than OFFSET saves on early pages
    # (docs/benchmarks.md).
    min_offset = 500
    estimated = False
    matching_ids: list[Any] | None = None  # all of them, when few (PostgreSQL)

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet) and connections[rows.db].vendor == "postgresql":
            count, self.matching_ids = _count_or_estimate(rows, settings.EXACT_COUNT_LIMIT)
            self.estimated = self.matching_ids is None
            return count
        return super().count

    def validate_number(self, number: Any) -> int:
        if not (self.count and self.estimated):
            return super().validate_number(number)
        # Past an estimate there may be more pages than it says: only the lower bound.
        try:
            page = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if page < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return page

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if self.estimated:
            top += 1  # the row that says whether another page follows
        elif top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if self.matching_ids is not None:
            rows = rows.filter(pk__in=self.matching_ids)[bottom:top]  # type: ignore[attr-defined]
        elif isinstance(rows, QuerySet) and bottom >= self.min_offset:
            rows = rows.filter(pk__in=rows.values("pk")[bottom:top])
        else:
            rows = rows[bottom:top]
        if not self.estimated:
            return Page(rows, number, self)
        found = list(rows)
        if not found and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return EstimatedPage(found[: self.per_page], number, self, more=len(found) > self.per_page)


class EstimatedPage(Page):
    def __init__(self, rows: list[Any], number: int, paginator: Paginator, *, more: bool) -> None:
        super().__init__(rows, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


def _count_or_estimate(rows: QuerySet[Any], limit: int) -> tuple[int, list[Any] | None]:
    """The exact count and the ids up to `limit` rows; past it the planner's
    estimate (at least limit + 1) and no ids.

    One query: the capped count, and only past it `helpdesk_count_estimate`
    (migration core 0001), which EXPLAINs the same query. Its text is composed
    by the driver's own quoting, so it is exactly the query counted.
    """
    connection = connections[rows.db]
    sql, params = rows.order_by().values("pk").query.sql_with_params()
    # `sql` is Django's own, with its parameters left to the driver.
    capped = f"SELECT COUNT(*) AS n, array_agg(pk) AS ids FROM ({sql} LIMIT %s) AS capped"  # noqa: S608
    estimate = "GREATEST(n, helpdesk_count_estimate(%s))"
    query = (
        f"SELECT CASE WHEN n > %s THEN {estimate} ELSE n END, "  # noqa: S608
        f"CASE WHEN n > %s THEN NULL ELSE ids END FROM ({capped}) AS counted"
    )
    with connection.cursor() as cursor:
        text = connection.ops.compose_sql(sql, params)  # type: ignore[attr-defined]
        cursor.execute(query, [limit, text, limit, *params, limit + 1])
        count, ids = cursor.fetchone()
    return int(count), (ids or [] if count <= limit else None)


class PageNumberPagination(pagination.PageNumberPagination):
    """`{count, next, previous, results}` pages; `page_size` at most 100."""

    django_paginator_class = DeferredJoinPaginator
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response(self, data: Any) -> Any:
        response = super().get_paginated_response(data)
        if self.page.paginator.estimated:  # type: ignore[union-attr]
            response["X-Count-Estimated"] = "true"
        return response

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        _once(request, self.page_query_param)
        return super().get_page_number(request, paginator)

    def get_page_size(self, request: Request) -> int:
        _once(request, self.page_size_query_param)
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return int(self.page_size or 20)
        # A page size that is not a positive whole number is a mistake to
        # report, not to replace silently with the default.
        if not raw.isdecimal() or int(raw) < 1:
            raise ValidationError({"page_size": ["Use a whole number from 1 (at most 100)."]})
        return min(int(raw), self.max_page_size)


def _once(request: Request, name: str) -> None:
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise ValidationError({name: ["Give this parameter once."]})
    if values == [""]:
        raise ValidationError({name: ["Give a number, or leave the parameter out."]})
