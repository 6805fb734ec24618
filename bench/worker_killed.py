"""A pool process killed mid-task (as the out-of-memory killer does): the task runs again.

    .venv/bin/python bench/worker_killed.py

Starts its own redis-server on a free port and a real prefork worker with the project's Celery
settings (acks late, reject on worker lost), queues a task that takes 3 s, kills the pool process
running it with SIGKILL, and prints how long the broker took to give the task to the new pool
process and how many runs finished (1: nothing lost, nothing doubled).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings.dev")

from alliance.celery import app  # noqa: E402

store = redis.Redis.from_url(os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"))


@app.task(name="bench.slow")
def slow() -> None:
    store.rpush("bench:started", f"{os.getpid()} {time.time()}")
    time.sleep(3)
    store.incr("bench:finished")


def wait(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def main() -> None:
    global store
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"redis://127.0.0.1:{port}/0"
    with tempfile.TemporaryDirectory() as directory:
        server = subprocess.Popen(  # noqa: S603
            [shutil.which("redis-server"), "--port", str(port), "--save", "", "--dir", directory],
            stdout=subprocess.DEVNULL,
        )
        # Celery prefers the environment's CELERY_BROKER_URL to its settings: never the shared one.
        os.environ.update(CELERY_BROKER_URL=url, BENCH_REDIS_URL=url)
        env = dict(os.environ)
        worker = None
        try:
            store = redis.Redis.from_url(url)
            wait(lambda: _answers(store), 5)
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "--app",
                    "bench.worker_killed",
                    "worker",
                    "--pool",
                    "prefork",
                    "--concurrency",
                    "1",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env=env,
            )
            app.conf.update(broker_url=url, task_always_eager=False)
            slow.delay()
            assert wait(lambda: store.llen("bench:started") == 1, 60), "the worker never started"
            child = int(store.lindex("bench:started", 0).split()[0])
            os.kill(child, signal.SIGKILL)
            killed = time.time()
            assert wait(lambda: store.llen("bench:started") == 2, 120), "the task was lost"
            again = float(store.lindex("bench:started", 1).split()[1])
            wait(lambda: int(store.get("bench:finished") or 0) >= 1, 10)
            wait(lambda: False, 4)  # a second copy would finish within this
            print(f"pool process {child} killed mid-task; run again after {again - killed:.1f} s")
            started, finished = store.llen("bench:started"), int(store.get("bench:finished"))
            print(f"runs started: {started}, finished: {finished}")
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(30)
            server.terminate()
            server.wait(5)


def _answers(client) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


if __name__ == "__main__":
    main()
