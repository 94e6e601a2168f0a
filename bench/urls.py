"""The product's URLs plus the benchmark's two reference views (bench/baselines.py)."""

from django.urls import path

from bench import baselines
from config.urls import *  # noqa: F403
from config.urls import urlpatterns as product_urlpatterns

urlpatterns = [
    path("api/bench/bare/", baselines.bare),
    path("api/bench/values/", baselines.values),
    *product_urlpatterns,
]
