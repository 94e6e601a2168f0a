import datetime
import uuid
from decimal import Decimal

from django.utils.translation import gettext_lazy
from rest_framework import renderers

from helpdesk.core.renderers import JSONRenderer


def test_orjson_renderer_gives_the_same_bytes_as_drf() -> None:
    data = {
        "count": 2,
        "next": None,
        "results": [{"title": "Zażółć 今朝 \u2028 line", "ok": True, "size": 1.5}],
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "at": datetime.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC),
        "amount": Decimal("1.10"),
        "detail": gettext_lazy("Not found."),
        7: "non-string key",
    }

    assert JSONRenderer().render(data) == renderers.JSONRenderer().render(data)


def test_orjson_renderer_renders_nothing_for_no_content() -> None:
    assert JSONRenderer().render(None) == b""
