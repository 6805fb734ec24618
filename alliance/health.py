"""Health probes: /healthz/live (the process answers) and /healthz/ready (the database, the cache
and the Celery broker answer too; /healthz is the same). Every check runs in a thread of its own
and the answer comes within HEALTH_TIMEOUT seconds whatever hangs: a check still running then is
"down"."""

import logging
import os
import uuid
from concurrent.futures import ThreadPoolExecutor, wait

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection

logger = logging.getLogger(__name__)


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()  # the thread's own connection
    return "ok"


def check_cache() -> str:
    # A key of this process's own: probes of other processes do not overwrite it.
    key, value = f"healthz:{os.getpid()}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("cache did not return what was stored")
    return "ok"


def check_broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "inline"
    timeout = settings.HEALTH_TIMEOUT
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=timeout) as conn:
        conn.ensure_connection(max_retries=1, timeout=timeout)
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def run_checks() -> tuple[dict, list]:
    executor = ThreadPoolExecutor(max_workers=len(CHECKS), thread_name_prefix="healthz")
    futures = {name: executor.submit(check) for name, check in CHECKS.items()}
    wait(futures.values(), timeout=settings.HEALTH_TIMEOUT)
    executor.shutdown(wait=False, cancel_futures=True)  # a hung check does not hold the answer
    checks, down = {}, []
    for name, future in futures.items():
        try:
            checks[name] = future.result(timeout=0)
        except Exception:
            logger.exception("health check failed or timed out: %s", name)
            checks[name] = "down"
            down.append(name)
    return checks, down


@never_cache
def ready(request):
    checks, down = run_checks()
    body = {"status": "down" if down else "ok", "checks": checks, "down": down}
    return JsonResponse(body, status=503 if down else 200)


@never_cache
def live(request):
    return JsonResponse({"status": "ok"})
