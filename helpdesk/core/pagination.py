from typing import Any

from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request


class PageNumberPagination(pagination.PageNumberPagination):
    """`{count, next, previous, results}` pages; `page_size` at most 100."""

    page_size_query_param = "page_size"
    max_page_size = 100

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
