"""One ASGI application for HTTP (Django), WebSockets (Channels) at /ws/, and lifespan."""

import gc
import os

import django

from config.secrets import prepare_data_dir

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
prepare_data_dir()

# Django must be set up before the consumers (and their models) are imported.
django.setup(set_prefix=False)

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from helpdesk.accounts.checks import warn_about_staff_without_email  # noqa: E402
from helpdesk.core.asgi import Lifespan, SyncASGIHandler, ThreadPerRequest  # noqa: E402
from helpdesk.realtime.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": ThreadPerRequest(
            SyncASGIHandler(),
            threads=settings.HTTP_THREADS,
            max_body=settings.REQUEST_MAX_BYTES,
        ),
        "websocket": AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns)),
        "lifespan": Lifespan(on_startup=[warn_about_staff_without_email]),
    }
)

# The garbage collector stalls the whole process while it runs: with 1,000
# sockets open a full collection took 140-160 ms, and delayed every event in
# flight by that much (docs/benchmarks.md). What starting made (Django, the
# URLconf, every module) lives as long as the process: frozen, full
# collections no longer walk it. And the youngest generation is collected
# every 50,000 allocations instead of 700, so the objects of a broadcast
# (a task per socket) mostly die before a collection can promote them; full
# collections still run, but in bench-ws none fell within 20 broadcasts.
gc.freeze()
gc.set_threshold(50_000, 20, 10)
