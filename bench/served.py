"""One GET timed as the server's client sees it (bench/pages.py, bench/crawl.py).

Django's test client sends `request_finished` inside the call, so the work a server does after it has
written the response, the collections it holds back while a request runs (accord/wsgi.py), would fall
inside the timing. Here they run after the timing, untimed, as they do in gunicorn."""

import time

from django.core.signals import request_finished

import accord.wsgi as server  # also the collector's thresholds, as in the server


def served(client, url: str, **extra):
    """(response, milliseconds)."""
    request_finished.disconnect(dispatch_uid=server.DISPATCH_UID)
    try:
        start = time.perf_counter()
        response = client.get(url, **extra)
        elapsed = (time.perf_counter() - start) * 1000
    finally:
        request_finished.connect(server.collect_between_requests, dispatch_uid=server.DISPATCH_UID)
    server.collect_between_requests()
    return response, elapsed
