"""Local development (`make run`): SQLite, tasks inline, console email, local media."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "django-insecure-dev-only-key-never-used-in-production")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

from .base import *  # noqa: F403

# Static files come from the apps' folders (no collectstatic outside production).
STATIC_ROOT = None
