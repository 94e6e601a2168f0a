from collections.abc import Mapping
from typing import Any

import orjson
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer
from rest_framework.utils.encoders import JSONEncoder

# Timestamps are formatted by DRF's encoder (milliseconds, "Z"), not orjson's,
# should one ever reach the renderer unserialized.
_OPTIONS = (
    orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)


class JSONRenderer(DRFJSONRenderer):
    """DRF's JSON renderer with orjson doing the encoding: the same bytes for
    the same data, faster (docs/benchmarks.md)."""

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        if self.get_indent(accepted_media_type or "", renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        rendered = orjson.dumps(data, default=_default, option=_OPTIONS)
        # As DRF does: escape U+2028/U+2029 so the JSON is also valid JavaScript.
        if b"\xe2\x80\xa8" in rendered or b"\xe2\x80\xa9" in rendered:
            rendered = rendered.replace(b"\xe2\x80\xa8", b"\\u2028").replace(
                b"\xe2\x80\xa9", b"\\u2029"
            )
        return rendered


_encoder = JSONEncoder()


def _default(value: Any) -> Any:
    return _encoder.default(value)
