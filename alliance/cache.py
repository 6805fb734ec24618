"""The cache backend: django-redis, for which an unreachable Redis is a cache miss (settings)."""

from django_redis.cache import RedisCache, omit_exception


class FailOpenRedisCache(RedisCache):
    """With Redis unreachable, `add` answers True and `incr` 1, as for a new key: locks and
    counters built on the cache (allauth's sign-in rate limits, the public forms' limits) let the
    request through instead of refusing everyone until Redis is back."""

    @omit_exception(return_value=True)
    def add(self, *args, **kwargs):
        return self.client.add(*args, **kwargs)

    @omit_exception(return_value=1)
    def incr(self, *args, **kwargs):
        return self.client.incr(*args, **kwargs)
