"""Request-scoped log fields and the log configuration (SPEC 5b).

Every record logged while a request is being answered carries its request
id, method, path and (once known) user id, whatever logger wrote it.
`LOG_FORMAT=json` writes each record as one JSON object on one line, with
a traceback, when there is one, inside that same object.
"""

import logging
import re
import uuid
from contextvars import ContextVar
from typing import Any

# The fields of the request being answered on this thread (empty outside one).
request_fields: ContextVar[dict[str, Any] | None] = ContextVar("request_fields", default=None)
_FIELDS = ("request_id", "user_id", "method", "path")
# What a client may send as its own request id: short, and safe in a header
# and a log line. Anything else is replaced by a new id.
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,128}$")


def request_id(sent: str) -> str:
    """The id of a request: the client's X-Request-ID if it is sane, else a new one."""
    return sent if _SANE_REQUEST_ID.match(sent) else uuid.uuid4().hex


class RequestFieldsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        fields = request_fields.get() or {}
        for name in _FIELDS:
            if not hasattr(record, name):
                setattr(record, name, fields.get(name))
        return True


def logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    formatters: dict[str, Any] = {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(levelname)s %(name)s %(message)s",
            "timestamp": "time",
            "rename_fields": {"levelname": "level", "name": "logger", "exc_info": "traceback"},
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": "helpdesk.ops.logs.RequestFieldsFilter"}},
        "formatters": formatters,
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Failures and lockouts are warnings; successes and start-up chatter are not news.
            "axes": {"level": "WARNING"},
            # uvicorn's own messages in the same format; its access log is
            # replaced by ours (helpdesk.request), which knows the route and user.
            "uvicorn": {"handlers": ["console"], "propagate": False},
            "uvicorn.access": {"level": "WARNING"},
        },
    }
