import gc
import os
import time

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

# The collector's thresholds for a server process. Each process keeps the consensus maps of the live
# drafts (hundreds of thousands of objects at 1,000 provisions x 40 members); at Python's default (a
# young collection every 700 allocations) rebuilding one map set off full collections over all of them,
# which tripled the slowest tenth of map requests (docs/performance.md). Young collections every 50,000
# allocations keep that rare; memory held by cyclic garbage grows by little in between.
# The oldest generation is never collected by Python's own trigger (its threshold is out of reach), but
# between requests: a full collection over the kept maps takes about 230 ms at 1,000 x 40, and inside a
# request it was the slowest map answers' whole tail.
SERVER_GC_THRESHOLDS = (50_000, 20, 1_000_000_000)
FULL_COLLECTION_EVERY = 20  # young-generation collections since the last full one, as Python's default
FULL_COLLECTION_SPACING = 10.0  # seconds at least between two full collections of one process
gc.set_threshold(*SERVER_GC_THRESHOLDS)
_last_full = time.monotonic()


def collect_between_requests(**_kwargs) -> bool:
    """After a response is sent (request_finished): the full collection Python's trigger would have run
    inside a request, when it is due and the last one is long enough ago. True when it ran."""
    global _last_full
    now = time.monotonic()
    if gc.get_count()[2] < FULL_COLLECTION_EVERY or now - _last_full < FULL_COLLECTION_SPACING:
        return False
    gc.collect()
    _last_full = time.monotonic()
    return True


DISPATCH_UID = "accord.wsgi.collect_between_requests"
request_finished.connect(collect_between_requests, dispatch_uid=DISPATCH_UID)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
application = get_wsgi_application()
