"""`accord worker`: django-tasks' database worker (django_tasks_db) plus a small scheduler beside it.

The database worker runs every task that is due, claiming each row with SELECT ... FOR UPDATE SKIP LOCKED
(an exclusive transaction on SQLite), so several workers on one database never run one task twice. The
scheduler, a thread, every few seconds:
- writes this worker's heartbeat (what `accord worker --status` and the admin index show);
- enqueues the periodic sweeps the apps declare (base.registry.PERIODIC_TASKS): the catch-up settlement of
  silence procedures, e-mails to retry, the reminder sweep;
- puts back on the queue a task whose worker died while running it (no heartbeat for STALE), and a failed
  task once its backoff has passed (30 s, 1 min, 2 min ... for MAX_ATTEMPTS runs in all).
Every task is idempotent (its outcome derived from stored timestamps, notices keyed), so a task that runs
again after a crash ends the same way and sends nothing twice.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from accord.base.notify import unsent
from accord.base.registry import PERIODIC_TASKS

from .models import WorkerHeartbeat

log = logging.getLogger("accord.worker")

TICK = 5.0  # seconds between the scheduler's rounds
STALE = timedelta(seconds=90)  # a worker silent this long is gone; its running task runs again
RETRY_FIRST = timedelta(seconds=30)
MAX_ATTEMPTS = 8
KEEP_RESULTS = timedelta(days=7)  # finished task results kept this long (the periodic sweeps add ~5000 a day)
DB_WAIT_MAX = 60.0  # seconds between attempts to reach a database that is down


def new_worker_id() -> str:
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(8)}"[:64]


@dataclass
class Scheduler:
    worker_id: str
    started_at: datetime = field(default_factory=timezone.now)
    last: dict[str, float] = field(default_factory=dict)  # periodic task -> time.monotonic() of its enqueue

    def tick(self) -> None:
        now = timezone.now()
        self.beat(now)
        reclaim_stale(now)
        retry_failed(now)
        for periodic in PERIODIC_TASKS:
            every = float(getattr(settings, periodic.every))
            at = time.monotonic()
            if periodic.name not in self.last or at - self.last[periodic.name] >= every:
                periodic.enqueue()
                self.last[periodic.name] = at

    def beat(self, now: datetime) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "host": socket.gethostname()[:200],
                "pid": os.getpid(),
                "started_at": self.started_at,
                "seen_at": now,
            },
        )
        WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
        DBTaskResult.objects.successful().filter(finished_at__lt=now - KEEP_RESULTS).delete()


def reclaim_stale(now: datetime) -> int:
    """Tasks left RUNNING by a worker that died (killed mid-task): back on the queue."""
    alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=now - STALE).values_list("worker_id", flat=True))
    back = 0
    for row in DBTaskResult.objects.running().filter(started_at__lt=now - STALE):
        if row.worker_ids and row.worker_ids[-1] in alive:
            continue  # a long task of a live worker
        # Conditional on the row as read: two schedulers never put it back twice.
        back += DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
        ).update(status=TaskResultStatus.READY)
        log.warning(
            "task %s (%s) of a worker gone since %s runs again", row.pk, row.task_path, row.started_at
        )
    return back


def retry_failed(now: datetime) -> int:
    """A failed task runs again after its backoff, up to MAX_ATTEMPTS runs; then it stays failed, shown."""
    back = 0
    for row in DBTaskResult.objects.failed().filter(finished_at__isnull=False):
        attempts = len(row.worker_ids)
        if attempts >= MAX_ATTEMPTS or row.finished_at + RETRY_FIRST * 2 ** max(attempts - 1, 0) > now:
            continue
        back += DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.FAILED, finished_at=row.finished_at
        ).update(status=TaskResultStatus.READY, run_after=now)
    return back


def _db_worker(worker_id: str, *, batch: bool, interval: float) -> Worker:
    return Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def run_once(worker_id: str | None = None) -> None:
    """One round: the scheduler's, then every task due until none is left (tests, cron, `--once`)."""
    worker_id = worker_id or new_worker_id()
    Scheduler(worker_id).tick()
    _db_worker(worker_id, batch=True, interval=0).run()


def _orphaned() -> bool:
    """Started by `accord demo` (ACCORD_WORKER_PARENT) and that process is gone."""
    parent = os.environ.get("ACCORD_WORKER_PARENT")
    return bool(parent) and os.getppid() != int(parent)


def _schedule(scheduler: Scheduler, stop: threading.Event) -> None:
    while not stop.is_set():
        if _orphaned():
            log.warning("the demo server that started this worker is gone: stopping")
            os.kill(os.getpid(), signal.SIGTERM)  # the worker's own graceful shutdown
            return
        try:
            scheduler.tick()
        except DatabaseError as exc:  # the main loop reports the outage; this thread just tries again
            log.debug("scheduler: %s", exc)
        except Exception:  # a defect in one round must not stop the sweeps for good
            log.exception("scheduler round failed; trying again in %ss", TICK)
        finally:
            close_old_connections()
        stop.wait(TICK)
    connection.close()


def run(*, interval: float = 1.0, worker_id: str | None = None) -> None:
    """Run until stopped (SIGTERM or Ctrl-C finish the running task first). A database that cannot be
    reached is waited for, with one log line per outage, never a crash loop."""
    worker_id = worker_id or new_worker_id()
    log.info("accord worker %s started (scheduler every %ss)", worker_id, TICK)
    stop = threading.Event()
    threading.Thread(target=_schedule, args=(Scheduler(worker_id), stop), daemon=True).start()
    worker = _db_worker(worker_id, batch=False, interval=interval)
    worker.configure_signals()
    wait, down, back_told, last_failure = 1.0, False, True, float("-inf")
    try:
        while worker.running:
            try:
                if down:
                    connection.ensure_connection()
                    down = False
                    if not back_told:
                        log.warning("database reachable again: worker %s resumes", worker_id)
                        back_told = True
                worker.run()
            except DatabaseError as exc:
                # One line per outage: failures closer together than two waits are the same outage.
                if time.monotonic() - last_failure > 2 * DB_WAIT_MAX:
                    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                    log.error(
                        "database unreachable (%s): waiting, retrying up to every %ds", first, DB_WAIT_MAX
                    )
                    wait, back_told = 1.0, False
                last_failure, down = time.monotonic(), True
                connection.close()
                time.sleep(wait)
                wait = min(wait * 2, DB_WAIT_MAX)
    finally:
        stop.set()


@dataclass(frozen=True)
class Status:
    last_seen: datetime | None
    alive: int
    waiting: int
    due: int
    running: int
    failed: list[tuple[str, str, str]]  # (task, error, when)
    unsent_mail: int

    @property
    def healthy(self) -> bool:
        return self.alive > 0 and not self.failed


def status() -> Status:
    now = timezone.now()
    last = WorkerHeartbeat.objects.first()
    failed = [
        (
            row.task_path.rsplit(".", 1)[-1],
            (row.traceback.strip().splitlines() or [row.exception_class_path])[-1][:300],
            row.finished_at.isoformat(timespec="seconds") if row.finished_at else "",
        )
        for row in DBTaskResult.objects.failed().order_by("-finished_at")[:10]
    ]
    return Status(
        last_seen=last.seen_at if last else None,
        alive=WorkerHeartbeat.objects.filter(seen_at__gte=now - STALE).count(),
        waiting=DBTaskResult.objects.filter(status=TaskResultStatus.READY).count(),
        due=DBTaskResult.objects.ready().count(),
        running=DBTaskResult.objects.running().count(),
        failed=failed,
        unsent_mail=unsent().count(),
    )
