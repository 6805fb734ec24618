"""The tests' Redis cache: each pytest-xdist worker keeps its keys under its own prefix."""

from alliance.cache import FailOpenRedisCache


class WorkerRedisCache(FailOpenRedisCache):
    """`clear()` deletes this worker's keys only: django-redis would flush the whole Redis
    database, emptying the rate-limit counters another worker is counting meanwhile."""

    def clear(self):
        self.delete_pattern("*")
