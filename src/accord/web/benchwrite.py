"""The bare write view, for the load benchmark only (bench/load.py): one insert, no audit, no permission.

It exists only when the environment sets ACCORD_BENCH_WRITE=1 (accord.urls mounts it then, and the view
refuses otherwise too): a production server never has it. Its table is made on first use, outside the
migrations, so the schema of a real installation does not carry it."""

import os

from django.db import connection
from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

ENV = "ACCORD_BENCH_WRITE"


def enabled() -> bool:
    return os.environ.get(ENV) == "1"


_made = False


def make_table(cursor) -> None:
    """The bench's table; bench/load.py makes it before the server starts, since four workers making it
    at the same instant race in PostgreSQL's catalogue (a unique violation, answered 500)."""
    cursor.execute("CREATE TABLE IF NOT EXISTS accord_bench_write (n integer, body varchar(200))")


@csrf_exempt
@require_POST
def bare_write(request):
    global _made
    if not enabled():
        raise Http404("no such page")
    with connection.cursor() as cursor:
        if not _made:
            make_table(cursor)
            _made = True
        cursor.execute(
            "INSERT INTO accord_bench_write (n, body) VALUES (%s, %s)", [1, request.POST.get("x", "")]
        )
    return HttpResponse("ok")
