"""Benchmark settings: the product's, with the bench URLs (adding /bench/bare/) and its own static dir."""

from coproduce.settings import *  # noqa: F403
from coproduce.settings import BASE_DIR

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = BASE_DIR / "bench" / "results" / "static"
