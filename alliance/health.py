"""/healthz: the state of the database, the cache and the Celery broker."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection

logger = logging.getLogger(__name__)


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    key, value = "healthz", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("cache did not return what was stored")
    return "ok"


def check_broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "inline"
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


@never_cache
def healthz(request):
    checks, down = {}, []
    for name, check in CHECKS.items():
        try:
            checks[name] = check()
        except Exception:
            logger.exception("health check failed: %s", name)
            checks[name] = "down"
            down.append(name)
    body = {"status": "down" if down else "ok", "checks": checks, "down": down}
    return JsonResponse(body, status=503 if down else 200)
