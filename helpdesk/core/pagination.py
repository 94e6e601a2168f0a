import copy
from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import BooleanField, F, Func, OrderBy, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request


class IndexedMatch(Func):
    """A filter an index answers two ways: checked for one row (`probe_sql`),
    or listed, its first matches in id order (`capped_sql`). The paginator
    (SQLite) lists first: few matches are then read by id, many are checked
    row by row along the list's ordering index until a page is full, and
    counted by an estimate (tickets/search.py's TextMatch)."""

    output_field = BooleanField()
    # How it is written in a query: checked per row ("probe"); as membership
    # of the `capped` ids the paginator's count names in its WITH clause
    # ("capped"); or not at all, where the rows are already known to match
    # ("known").
    mode = "probe"

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.source_expressions[0])
        if self.mode == "known":
            return "1", []
        if self.mode == "capped":
            return f"{column} IN (SELECT id FROM capped)", list(params)  # noqa: S608
        sql, more = self.probe_sql(column)
        return sql, [*params, *more]

    def probe_sql(self, column: str) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def capped_sql(self, limit: int) -> tuple[str, list[Any]]:
        """The first `limit` matching ids, in id order, named `id`."""
        raise NotImplementedError


def indexed_match_of(rows: QuerySet[Any]) -> IndexedMatch | None:
    """The IndexedMatch `rows` are filtered by (Django wraps it in `= true`)."""
    nodes: list[Any] = [rows.query.where]
    while nodes:
        node = nodes.pop()
        if isinstance(node, IndexedMatch):
            return node
        nodes.extend(getattr(node, "children", ()))
        if getattr(node, "lhs", None) is not None:
            nodes.append(node.lhs)
    return None


def with_indexed_match(rows: QuerySet[Any], mode: str) -> QuerySet[Any]:
    """`rows` with its IndexedMatch written in another `mode`."""
    rows = rows.all()  # a copy: its WHERE tree is cloned, the original's stays
    nodes: list[Any] = [rows.query.where]
    while nodes:
        node = nodes.pop()
        children = getattr(node, "children", [])
        for i, child in enumerate(children):
            if isinstance(getattr(child, "lhs", None), IndexedMatch):
                child = children[i] = copy.copy(child)  # the lookup, shared with the original
                child.lhs = child.lhs.copy()
                child.lhs.mode = mode
            else:
                nodes.append(child)
    return rows


class DeferredJoinPaginator(Paginator):
    """Finds the page's ids first, then loads only those rows.

    With OFFSET the database builds every skipped row: a deep page computed
    a comment count and the joins for each. The ids alone come from the
    ordering index; the joins and annotations then run for 20 rows. Still
    one query.

    On PostgreSQL, past EXACT_COUNT_LIMIT matching rows (or
    EXACT_COUNT_EXPECTED_LIMIT, when the planner expects no more than that)
    the count is the planner's estimate: counting a million tickets exactly
    reads a million index entries on every page. Pages then fetch one row
    more than they show, so `next` stays exact and every page stays
    reachable. Under the cap the same query returns the matching ids, and
    the page is read by id: the planner, misjudging a rare search word as
    common, walked the date index through all million tickets for it, and
    a term in two thousand tickets made it check the text of ten thousand.
    (Figures: docs/benchmarks.md.)
    """

    # Building the subquery costs more than OFFSET saves on early pages
    # (docs/benchmarks.md).
    min_offset = 500
    estimated = False
    matching_ids: list[Any] | None = None  # all of them, when few, in the list's order

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet) and connections[rows.db].vendor == "postgresql":
            count, self.matching_ids = _count_or_estimate(
                rows, settings.EXACT_COUNT_LIMIT, settings.EXACT_COUNT_EXPECTED_LIMIT
            )
            self.estimated = self.matching_ids is None
            return count
        match = indexed_match_of(rows) if isinstance(rows, QuerySet) else None
        if isinstance(rows, QuerySet) and match is not None:
            counted = _sqlite_count_or_estimate(rows, match, settings.EXACT_COUNT_LIMIT)
            if counted is not None:
                count, self.matching_ids = counted
                self.estimated = self.matching_ids is None
                if self.matching_ids is not None:
                    # Exactly these: the page need not check the match again.
                    self.object_list = with_indexed_match(rows, "known")
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
            # In the list's order already: the page is a slice, and the joins
            # and annotations are computed for its rows alone, not for every
            # match (docs/benchmarks.md).
            rows = rows.filter(pk__in=self.matching_ids[bottom:top])  # type: ignore[attr-defined]
        elif isinstance(rows, QuerySet) and bottom >= self.min_offset:
            # The ids found checked every condition: the rows need not again.
            outer = with_indexed_match(rows, "known") if indexed_match_of(rows) else rows
            rows = outer.filter(pk__in=rows.values("pk")[bottom:top])
        else:
            rows = rows[bottom:top]
        if not self.estimated:
            return Page(rows, number, self)
        found = list(rows)
        if not found and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return EstimatedPage(found[: self.per_page], number, self, more=len(found) > self.per_page)


def _sqlite_count_or_estimate(
    rows: QuerySet[Any], match: "IndexedMatch", limit: int
) -> tuple[int, list[Any] | None] | None:
    """A search on SQLite (tickets/search.py): one query reads the term's
    first `limit` + 1 matches from the FTS5 index, in id order, and keeps
    those the list's other filters keep.

    All of them: the exact count and ids, as on PostgreSQL (the page is read
    by id). More: an estimate, those kept scaled by the share of the id range
    the first matches covered, and no ids (the page walks the date index and
    checks each ticket). None when that estimate would be 0 (nothing of the
    first matches passed the other filters): then the count is exact."""
    connection = connections[rows.db]
    # The kept ids in the list's own order, so a page is a slice of them:
    # with ORDER BY and LIMIT, SQLite would rather walk the date index
    # looking for a few hundred ids among all tickets.
    kept = (
        with_indexed_match(rows, "capped")
        .annotate(position=Window(RowNumber(), order_by=[_order_by(o) for o in _ordering(rows)]))
        .order_by()
        .values("pk", "position")
    )
    kept_sql, kept_params = kept.query.sql_with_params()
    capped_sql, capped_params = match.capped_sql(limit + 1)
    table = connection.ops.quote_name(rows.model._meta.db_table)
    query = (
        f"WITH capped AS ({capped_sql}) "  # noqa: S608
        "SELECT seen.*, kept.pk FROM (SELECT (SELECT COUNT(*) FROM capped), "
        "(SELECT MAX(id) FROM capped), "
        f"(SELECT MIN(id) FROM {table}), (SELECT MAX(id) FROM {table})) AS seen "
        f"LEFT JOIN ({kept_sql}) AS kept ON 1 ORDER BY kept.position"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [*capped_params, *kept_params])
        found = cursor.fetchall()
    matched, last, first_id, last_id, _ = found[0]
    ids = [row[4] for row in found if row[4] is not None]
    count = len(ids)
    if matched <= limit:
        return count, ids
    if not count:
        return None
    covered = max(last - first_id + 1, 1)
    return max(count, round(count * (last_id - first_id + 1) / covered)), None


def _ordering(rows: QuerySet[Any]) -> list[Any]:
    return list(
        rows.query.order_by or (rows.model._meta.ordering if rows.query.default_ordering else [])
    )


def _order_by(field: Any) -> OrderBy:
    if isinstance(field, str):
        return F(field[1:]).desc() if field.startswith("-") else F(field).asc()
    return field if isinstance(field, OrderBy) else OrderBy(field)


def _with_order_keys(rows: QuerySet[Any]) -> tuple[QuerySet[Any], str]:
    """`rows`' ids with the values the list is ordered by, unordered (so the
    planner may find them any way), and that order as SQL over them."""
    connection = connections[rows.db]
    keys: dict[str, Any] = {}
    terms = []
    for i, field in enumerate(_ordering(rows)):
        order = _order_by(field)
        name = f"order_key_{i}"
        keys[name] = order.expression
        nulls = " NULLS LAST" if order.nulls_last else " NULLS FIRST" if order.nulls_first else ""
        direction = "DESC" if order.descending else "ASC"
        terms.append(f"{connection.ops.quote_name(name)} {direction}{nulls}")
    keyed = rows.annotate(**keys).order_by().values("pk", *keys)
    return keyed, ", ".join(terms) or "pk"


class EstimatedPage(Page):
    def __init__(self, rows: list[Any], number: int, paginator: Paginator, *, more: bool) -> None:
        super().__init__(rows, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


def _count_or_estimate(
    rows: QuerySet[Any], limit: int, expected_limit: int
) -> tuple[int, list[Any] | None]:
    """The exact count and the ids, in the list's order, up to a cap; past it the planner's
    estimate (at least the cap) and no ids. The cap is `limit` rows, or
    `expected_limit` when the planner expects no more than that.

    One query: the planner's estimate from `helpdesk_count_estimate`
    (migration core 0001, an EXPLAIN of the same query: its text is composed
    by the driver's own quoting, so it is exactly the query counted), then
    the count of at most cap + 1 rows.
    """
    connection = connections[rows.db]
    keyed, order = _with_order_keys(rows)
    sql, params = keyed.query.sql_with_params()
    wide = max(limit, expected_limit)
    # `sql` is Django's own, with its parameters left to the driver.
    query = (
        "WITH guess AS (SELECT helpdesk_count_estimate(%s) AS e), "  # noqa: S608
        "cap AS (SELECT CASE WHEN e <= %s THEN %s ELSE %s END AS c FROM guess) "
        "SELECT CASE WHEN n >= c THEN GREATEST(n, e) ELSE n END, "
        "CASE WHEN n >= c THEN NULL ELSE ids END "
        f"FROM (SELECT COUNT(*) AS n, array_agg(pk ORDER BY {order}) AS ids "
        f"FROM ({sql} LIMIT (SELECT c FROM cap)) AS capped) AS counted, cap, guess"
    )
    with connection.cursor() as cursor:
        text = connection.ops.compose_sql(sql, params)  # type: ignore[attr-defined]
        cursor.execute(query, [text, wide, wide + 1, limit + 1, *params])
        count, ids = cursor.fetchone()
    exact = ids is not None or count == 0
    return int(count), (ids or [] if exact else None)


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
            raise ValidationError({"page_size": [_("Use a whole number from 1 (at most 100).")]})
        return min(int(raw), self.max_page_size)


def _once(request: Request, name: str) -> None:
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise ValidationError({name: [_("Give this parameter once.")]})
    if values == [""]:
        raise ValidationError({name: [_("Give a number, or leave the parameter out.")]})
