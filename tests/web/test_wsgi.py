"""The server's collector (accord/wsgi.py): paused while a request runs, and after the response the
collection Python's own counts say is due, a full one at most once in 10 s."""

import gc

import pytest
from django.core.signals import request_finished, request_started


@pytest.mark.django_db  # the signals also reach Django's own receivers (close_old_connections)
def test_collections_run_between_requests_when_due(monkeypatch):
    before = gc.get_threshold()
    import accord.wsgi as wsgi

    try:
        assert gc.get_threshold() == wsgi.SERVER_GC_THRESHOLDS
        young, older, full = wsgi.SERVER_GC_THRESHOLDS
        request_started.send(sender=None)
        assert not gc.isenabled()  # no collection inside a request
        counts = [0, 0, 0]
        ran = []
        monkeypatch.setattr(wsgi.gc, "get_count", lambda: tuple(counts))
        monkeypatch.setattr(wsgi.gc, "collect", lambda generation=2: ran.append(generation) or 0)
        clock = {"now": 1000.0}
        monkeypatch.setattr(wsgi.time, "monotonic", lambda: clock["now"])
        monkeypatch.setattr(wsgi, "_last_full", 1000.0)
        assert wsgi.collect_between_requests() is None and gc.isenabled()  # nothing due
        counts[:] = [young, 0, 0]
        assert wsgi.collect_between_requests() == 0
        counts[:] = [young, older, 0]
        assert wsgi.collect_between_requests() == 1
        counts[:] = [young, older, full]
        assert wsgi.collect_between_requests() == 1  # a full one is due, but the last was just now
        clock["now"] += wsgi.FULL_COLLECTION_SPACING
        request_started.send(sender=None)
        request_finished.send(sender=None)  # the end of a response runs it
        assert ran == [0, 1, 1, 2] and gc.isenabled()
        assert wsgi.collect_between_requests() == 1  # and not again at once
    finally:
        gc.enable()
        gc.set_threshold(*before)
        request_started.disconnect(dispatch_uid=wsgi.DISPATCH_UID)
        request_finished.disconnect(dispatch_uid=wsgi.DISPATCH_UID)
