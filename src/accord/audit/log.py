"""Writing and verifying the audit chain.

Threat model (after Certificate Transparency, RFC 9162): someone who can rewrite the database but cannot
read the data directory. Each event is chained to the previous one with HMAC-SHA256 under a key that never
enters the database (ACCORD_AUDIT_KEY, else a key file created with mode 0600 on first use), so an edit,
an insertion, a reorder or a re-hash breaks the chain. Deleting the newest events, or all of them, leaves a
valid shorter chain; signed checkpoints (position, event id, head hash, time, HMAC) appended to a file
outside the database expose that: a checkpoint names an event the database must still hold.

Checkpoints are written after the commit of the first keyed event, of every ACCORD_AUDIT_CHECKPOINT_EVERY-th
event, by `write_checkpoint()` (for a periodic sweep) and by `accord audit verify` when the chain is intact.
Events deleted after the newest checkpoint cannot be seen: that window is the price of not writing a file
on every action.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from .models import KEYED, LEGACY, AuditEvent

GENESIS = "0" * 64
NO_KEY = "no audit key (ACCORD_AUDIT_KEY or the key file)"
# Serialises chain appends on PostgreSQL so two concurrent actions never share a prev_hash.
_PG_LOCK_KEY = 7_301_2001

logger = logging.getLogger(__name__)
_file_keys: dict[str, bytes] = {}


class CannotVerify(Exception):
    """The chain cannot be checked (no key, unreadable checkpoints); not evidence of tampering."""


def audit_key(create: bool = True) -> bytes | None:
    """The chain's key: ACCORD_AUDIT_KEY, else the key file (made on first use when `create`)."""
    configured = settings.ACCORD_AUDIT_KEY
    if configured:
        if len(configured) < 32:
            raise ImproperlyConfigured("ACCORD_AUDIT_KEY must be at least 32 characters")
        return configured.encode()
    path = Path(settings.ACCORD_AUDIT_KEY_FILE)
    cached = _file_keys.get(str(path))
    if cached is not None:
        return cached
    if not path.exists():
        if not create:
            return None
        _create_key_file(path)
    text = path.read_text().strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise ImproperlyConfigured(f"{path}: not an audit key (64 hex digits)") from None
    if len(key) < 32:
        raise ImproperlyConfigured(f"{path}: not an audit key (64 hex digits)")
    _file_keys[str(path)] = key
    return key


def _create_key_file(path: Path) -> None:
    """Write the key to a private temporary file, then link it into place: two processes starting at
    once agree on one key, and nobody ever reads a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, (secrets.token_hex(32) + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def _jsonable(payload: dict) -> dict:
    return json.loads(json.dumps(payload, default=str))


def record(
    action: str,
    *,
    actor=None,
    acting_for: str = "",
    target=None,
    payload: dict | None = None,
    object_type: str = "",
    object_id: str = "",
) -> AuditEvent:
    """Append one event. Must run inside the action's transaction (atomic).

    `actor` is a Person or a permissions.Actor (then `acting_for` defaults to what the actor acted for).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record must be called inside the action's transaction")
    key = audit_key()  # before the lock: the first call may create the key file
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
    if hasattr(actor, "person_id") and not hasattr(actor, "_meta"):
        actor_id, actor_name = actor.person_id, actor.username
        acting_for = acting_for or actor.acting_for
    else:
        actor_id, actor_name = getattr(actor, "pk", None), getattr(actor, "username", "") or ""
    payload = _jsonable(payload or {})
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
    last = AuditEvent.objects.order_by("-id").values_list("hash", "seq", "version").first()
    prev_hash, prev_seq, prev_version = last or (GENESIS, 0, None)
    event = AuditEvent(
        at=timezone.now(),
        actor_id=actor_id,
        actor_name=actor_name,
        acting_for=acting_for,
        action=action,
        object_type=object_type,
        object_id=object_id,
        payload=payload,
        prev_hash=prev_hash,
        seq=prev_seq + 1,
        version=KEYED,
    )
    event.hash = event.compute_hash(key)
    event.save()
    if prev_version != KEYED or event.seq % settings.ACCORD_AUDIT_CHECKPOINT_EVERY == 0:
        transaction.on_commit(partial(_append_checkpoint, event.seq, event.pk, event.hash), robust=True)
    return event


def _checkpoint_mac(key: bytes, seq: int, event_id: int, head: str, at: str) -> str:
    body = json.dumps([seq, event_id, head, at], separators=(",", ":"))
    return hmac.new(key, b"accord-checkpoint:" + body.encode(), hashlib.sha256).hexdigest()


def _append_checkpoint(seq: int, event_id: int, head: str) -> dict:
    key = audit_key()
    at = timezone.now().isoformat()
    line = {"seq": seq, "id": event_id, "head": head, "at": at}
    line["mac"] = _checkpoint_mac(key, seq, event_id, head, at)
    path = Path(settings.ACCORD_AUDIT_CHECKPOINTS)
    path.parent.mkdir(parents=True, exist_ok=True)
    # One write of one short line with O_APPEND: lines from concurrent processes never interleave.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (json.dumps(line, separators=(",", ":")) + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return line


def write_checkpoint() -> dict | None:
    """Append a checkpoint of the current head to the checkpoint file; None while the chain is empty."""
    head = AuditEvent.objects.order_by("-id").values_list("seq", "id", "hash").first()
    return None if head is None else _append_checkpoint(*head)


def read_checkpoints(path: Path, key: bytes | None) -> list[dict]:
    """The checkpoints in `path`; CannotVerify if the file cannot be read or parsed. A line whose MAC
    does not match is returned with "forged": True (the caller reports it as tampering)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CannotVerify(f"{path}: cannot read the checkpoints: {exc}") from None
    checkpoints = []
    for n, text in enumerate(lines, 1):
        if not text.strip():
            continue
        try:
            cp = json.loads(text)
            seq, event_id, head, at, mac = cp["seq"], cp["id"], cp["head"], cp["at"], cp["mac"]
        except (ValueError, KeyError, TypeError):
            raise CannotVerify(f"{path}: line {n} is not a checkpoint") from None
        if key is None:
            raise CannotVerify(f"{NO_KEY}: checkpoints cannot be checked")
        expected = _checkpoint_mac(key, seq, event_id, head, at)
        checkpoints.append(cp | {"line": n, "forged": not hmac.compare_digest(expected, str(mac))})
    return checkpoints


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    first_bad: int | None = None
    reason: str = ""
    checkpoints: int = 0


def verify(checkpoint_file: str | Path | None = None) -> Verification:
    """Walk the chain in id order against the checkpoints; report the first bad event.

    Without `checkpoint_file`, the data directory's checkpoint file is used if it exists.
    """
    path = Path(checkpoint_file or settings.ACCORD_AUDIT_CHECKPOINTS)
    key = audit_key(create=False)
    # The file is read before the events: every checkpoint in it names a committed event.
    checkpoints = read_checkpoints(path, key) if checkpoint_file or path.exists() else []
    for cp in checkpoints:
        if cp["forged"]:
            reason = f"checkpoint on line {cp['line']} is not signed by the key"
            return Verification(False, 0, cp["id"], reason)
    at_seq: dict[int, list[dict]] = {}
    for cp in checkpoints:
        at_seq.setdefault(cp["seq"], []).append(cp)

    def broken(event, reason):
        return Verification(False, n, event.pk, reason, len(checkpoints))

    prev, n, keyed = GENESIS, 0, False
    # One SELECT read through a cursor: one snapshot, and no transaction, which on SQLite (IMMEDIATE)
    # would hold the write lock, and every writer, for the length of the walk.
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        n += 1
        if event.prev_hash != prev:
            return broken(event, "link to the previous event is broken")
        if event.seq != n:
            return broken(event, f"event is number {n} in the chain but says {event.seq}")
        if event.version == KEYED:
            if key is None:
                raise CannotVerify(f"{NO_KEY}: keyed events cannot be checked")
            keyed = True
        elif event.version != LEGACY or keyed:
            return broken(event, "unkeyed event after keyed ones (forged or re-hashed without the key)")
        if not hmac.compare_digest(event.compute_hash(key), event.hash):
            return broken(event, "content does not match its hash (altered)")
        for cp in at_seq.get(n, ()):
            if cp["id"] != event.pk or cp["head"] != event.hash:
                return broken(event, f"differs from the checkpoint of {cp['at']} (line {cp['line']})")
        prev = event.hash
    beyond = [cp for cp in checkpoints if cp["seq"] > n]
    if beyond:
        cp = min(beyond, key=lambda c: c["seq"])
        return Verification(
            False,
            n,
            cp["id"],
            f"missing: the checkpoint of {cp['at']} (line {cp['line']}) counts {cp['seq']} events "
            f"up to this one, the database holds {n} (newest events deleted)",
            len(checkpoints),
        )
    return Verification(True, n, checkpoints=len(checkpoints))
