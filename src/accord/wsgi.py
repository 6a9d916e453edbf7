import gc
import os

from django.core.wsgi import get_wsgi_application

# The collector's thresholds for a server process. Each process keeps the consensus maps of the live
# drafts (hundreds of thousands of objects at 1,000 provisions x 40 members); at Python's default (a
# young collection every 700 allocations) rebuilding one map set off full collections over all of them,
# which tripled the slowest tenth of map requests (docs/performance.md). Young collections every 50,000
# allocations keep that rare; memory held by cyclic garbage grows by little in between.
SERVER_GC_THRESHOLDS = (50_000, 20, 20)
gc.set_threshold(*SERVER_GC_THRESHOLDS)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
application = get_wsgi_application()
