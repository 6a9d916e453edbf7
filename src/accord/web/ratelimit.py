"""A small fixed-window rate limiter on the cache (Redis when deployed on several machines)."""

from __future__ import annotations

from django.core.cache import cache


def hit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt; False when the limit for the window is exceeded."""
    cache_key = f"rl:{key}"
    added = cache.add(cache_key, 1, timeout=window_seconds)
    if added:
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, timeout=window_seconds)
        return True
    return count <= limit


def reset(key: str) -> None:
    cache.delete(f"rl:{key}")
