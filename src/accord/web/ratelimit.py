"""Login attempt limits, shared by every process and machine that serves the site.

The counters live in the "ratelimit" cache: Redis when REDIS_URL is set, else a table of the database
(Django's database cache, table created by a migration so `migrate` alone sets it up). A per-process
memory cache would let each worker allow its own five tries.

Each allowed attempt takes one of `limit` numbered slots with an atomic add (an INSERT on the database,
SET NX on Redis) that expires after the window: two processes can never both take the last slot, which
a read-then-write increment would allow.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _

CACHE = "ratelimit"


def hit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt; False when `limit` attempts were already made in the last window."""
    cache = caches[CACHE]
    slots = [f"rl:{key}:{n}" for n in range(limit)]
    taken = cache.get_many(slots)
    for slot in slots:
        if slot not in taken and cache.add(slot, 1, timeout=window_seconds):
            return True
    return False


def reset(key: str) -> None:
    limit = max(settings.LOGIN_RATE_LIMIT[:2])
    caches[CACHE].delete_many([f"rl:{key}:{n}" for n in range(limit)])


def client_address(request) -> str:
    """The client's address: behind N trusted proxies (ACCORD_PROXY_COUNT), the Nth address from the
    right of X-Forwarded-For, since the nearest proxy's own address is everyone's REMOTE_ADDR."""
    hops = settings.PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def login_attempt(request) -> str | None:
    """Count a sign-in attempt by its username and by its address. Returns the username's key (to reset
    after a good password), or None when either limit is exceeded. An address gets more tries than a
    username: a delegation's office shares one address."""
    per_user, per_address, window = settings.LOGIN_RATE_LIMIT
    user_key = _user_key(request.POST.get("username") or "")
    address_key = f"login:addr:{client_address(request)}"
    allowed = [hit(user_key, per_user, window), hit(address_key, per_address, window)]
    return user_key if all(allowed) else None


def _user_key(username: str) -> str:
    return f"login:user:{username.strip().lower()}"


def signed_in_as(request, user_key: str) -> bool:
    """True when this request signed in the very username the attempt was counted for: a visitor already
    signed in as someone else must not clear the failures of the account they are guessing at."""
    return request.user.is_authenticated and _user_key(request.user.get_username()) == user_key


def refused(form):
    """An unbound sign-in form carrying the refusal. Never bound to the request: binding it would check
    the password, and hashing is the costly step a refused attacker must not get for free."""
    form.cleaned_data = {}
    form.add_error(None, _("Too many sign-in attempts. Please wait a few minutes and try again."))
    return form
