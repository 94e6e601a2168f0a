"""The product's settings for the benchmark server: only the URLconf differs,
adding the reference views the product never routes."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
