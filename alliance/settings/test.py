"""Tests: the database and broker come from the environment (PostgreSQL and Redis in CI)."""

import os

os.environ.setdefault("SECRET_KEY", "django-insecure-test-only-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from .base import *  # noqa: F403

# Each pytest-xdist worker keeps its cache keys under a prefix of its own ("gw0", "gw1", …) in
# the one Redis database, and clearing the cache (rate limits) deletes only those keys.
if REDIS_URL:  # noqa: F405
    CACHES["default"]["BACKEND"] = "tests.cache.WorkerRedisCache"  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405

# Static files come from the apps' folders (no collectstatic outside production).
STATIC_ROOT = None
from .base import CELERY_BROKER_URL  # noqa: E402

REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anonymous": "10000/minute", "partner": "10000/minute"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit tests run tasks inline; tests/integration starts a real worker on CELERY_BROKER_URL.
CELERY_TASK_ALWAYS_EAGER = True
TEST_CELERY_BROKER_URL = CELERY_BROKER_URL
STORAGES["default"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}  # noqa: F405
STORAGES["private"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}  # noqa: F405
ACCOUNT_RATE_LIMITS = False
