"""The server's collector settings (accord/wsgi.py): the oldest generation is collected between requests,
when Python's own count says a full collection is due and the last one is long enough ago."""

import gc

from django.core.signals import request_finished


def test_full_collections_run_between_requests_when_due(monkeypatch):
    before = gc.get_threshold()
    import accord.wsgi as wsgi

    try:
        assert gc.get_threshold() == wsgi.SERVER_GC_THRESHOLDS  # Python's own trigger never runs one
        counts = {"young since full": 0}
        ran = []
        monkeypatch.setattr(wsgi.gc, "get_count", lambda: (0, 0, counts["young since full"]))
        monkeypatch.setattr(wsgi.gc, "collect", lambda *a: ran.append(a) or 0)
        clock = {"now": 1000.0}
        monkeypatch.setattr(wsgi.time, "monotonic", lambda: clock["now"])
        monkeypatch.setattr(wsgi, "_last_full", 1000.0)
        counts["young since full"] = wsgi.FULL_COLLECTION_EVERY
        assert not wsgi.collect_between_requests()  # due, but the last one was just now
        clock["now"] += wsgi.FULL_COLLECTION_SPACING
        counts["young since full"] = wsgi.FULL_COLLECTION_EVERY - 1
        assert not wsgi.collect_between_requests()  # long enough ago, but not due
        counts["young since full"] = wsgi.FULL_COLLECTION_EVERY
        request_finished.send(sender=None)  # the end of a response runs it
        assert len(ran) == 1
        assert not wsgi.collect_between_requests()  # and not again at once
    finally:
        gc.set_threshold(*before)
        request_finished.disconnect(dispatch_uid=wsgi.DISPATCH_UID)
