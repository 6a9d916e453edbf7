import gc
import os
import time

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application

# The collector in a server process runs between requests, not inside one. Each process keeps the
# consensus maps of the live drafts (about 556,000 tracked objects at 1,000 provisions x 40 members):
# - a full collection over them takes about 230 ms, and Python's own trigger ran it inside whichever
#   request crossed its threshold;
# - a young collection right after a map moved on traverses the new map's containers (80,000 entries
#   each), 25-55 ms inside the request that built it.
# So the collector is paused while a request runs (request_started) and, once the response is sent
# (request_finished), runs what Python's own counts say is due: a young collection when 50,000 objects
# were allocated (Python's default is 700), an older one every 20 of those, a full one every 20 of
# those but at most once in 10 s. A sync worker serves one request at a time, so "between requests" is
# well defined; memory held by cyclic garbage grows by at most one request's worth meanwhile.
SERVER_GC_THRESHOLDS = (50_000, 20, 20)
FULL_COLLECTION_SPACING = 10.0  # seconds at least between two full collections of one process
gc.set_threshold(*SERVER_GC_THRESHOLDS)
_last_full = time.monotonic()


def hold_collections(**_kwargs) -> None:
    gc.disable()


def collect_between_requests(**_kwargs) -> int | None:
    """After a response is sent: the collection Python's trigger would have run during the request, if
    one is due (the generation collected, or None)."""
    global _last_full
    gc.enable()
    young, older, full = gc.get_count()
    now = time.monotonic()
    if full >= SERVER_GC_THRESHOLDS[2] and now - _last_full >= FULL_COLLECTION_SPACING:
        _last_full, generation = now, 2
    elif older >= SERVER_GC_THRESHOLDS[1]:
        generation = 1
    elif young >= SERVER_GC_THRESHOLDS[0]:
        generation = 0
    else:
        return None
    gc.collect(generation)
    return generation


DISPATCH_UID = "accord.wsgi.collect_between_requests"
request_started.connect(hold_collections, dispatch_uid=DISPATCH_UID)
request_finished.connect(collect_between_requests, dispatch_uid=DISPATCH_UID)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
application = get_wsgi_application()
