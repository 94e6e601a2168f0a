import time

from channels import layers


class InMemoryChannelLayer(layers.InMemoryChannelLayer):
    """Channels' in-process layer (the zero-configuration default), sweeping
    expired messages at most once a second.

    The stock layer sweeps every channel on every receive: a broadcast to N
    sockets then costs N² steps (measured in docs/benchmarks.md).
    """

    _last_sweep = 0.0

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._last_sweep >= 1:
            self._last_sweep = now
            super()._clean_expired()
