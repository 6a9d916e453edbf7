"""Reads for negotiations. Each function runs a fixed number of SQL queries whatever the draft's size."""

from __future__ import annotations

import json
import operator
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from django.db.models import OuterRef, Subquery, TextField
from django.db.models.functions import Cast
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext, pgettext

from accord.base import clock
from accord.core import consensus
from accord.core import packages as core
from accord.core.errors import InputError
from accord.orgs.models import Organisation, State, StatusKind
from accord.orgs.permissions import Actor, allowed
from accord.orgs.queries import statuses_on

from .models import Draft, Option, Provision, SilenceProcedure, Stance, StanceChange


def can_view(actor: Actor, draft: Draft) -> bool:
    return allowed(actor, "documents.view_restricted" if draft.restricted else "documents.view")


def visible_drafts(org: Organisation, actor: Actor):
    qs = Draft.objects.filter(organisation=org).select_related("body", "session")
    if not allowed(actor, "documents.view"):
        return qs.none()
    if not allowed(actor, "documents.view_restricted"):
        qs = qs.filter(restricted=False)
    return qs


def get_draft(org: Organisation, pk: int, actor: Actor | None, *, for_update: bool = False) -> Draft:
    """The draft if `actor` may see it (None: the system); otherwise 404, so its existence does not leak."""
    qs = Draft.objects.select_related("body", "session", "state_concerned", "organisation")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    draft = qs.filter(organisation=org, pk=pk).order_by("pk").first()
    if draft is None or (actor is not None and not can_view(actor, draft)):
        raise Http404("no such draft")
    return draft


def label_number(label: str) -> int:
    """The number of a provision label such as OP12 (-1 when there is none)."""
    try:
        return int(label[2:])
    except (TypeError, ValueError):
        return -1


def live_provision(draft: Draft, label: str) -> Provision:
    """A provision of the text as it stands, by label; bad input (422) otherwise."""
    # Ordered by key: the models' own orderings reach through the draft (joins, for one row).
    p = (
        Provision.objects.filter(
            draft=draft, kind=(label or "")[:2], number=label_number(label), removed_round__isnull=True
        )
        .order_by("pk")
        .first()
    )
    if p is None:
        raise InputError("provision", gettext("unknown provision %(provision)s") % {"provision": repr(label)})
    return p


def live_option(draft: Draft, label: str, letter: str) -> Option:
    """An option of the text as it stands, by provision label and letter; bad input (422) naming the
    provision or the option otherwise."""
    option = (
        Option.objects.select_related("provision")
        .filter(
            provision__draft=draft,
            removed_round__isnull=True,
            provision__removed_round__isnull=True,
            letter=letter,
            provision__kind=(label or "")[:2],
            provision__number=label_number(label),
        )
        .order_by("pk")  # not the model's ordering, which joins the draft to sort one row
        .first()
    )
    if option is None:
        live_provision(draft, label)
        raise InputError(
            "option",
            gettext("no option %(option)s of %(provision)s") % {"option": repr(letter), "provision": label},
        )
    return option


def draft_day(draft: Draft) -> date:
    """The date whose members decide: the adoption date once adopted, else today."""
    adoption = getattr(draft, "adoption", None) if draft.state == "adopted" else None
    return adoption.date if adoption is not None else clock.today()


def rule_for(draft: Draft) -> consensus.DecisionRule:
    if draft.decision_rule == "consensus_minus_one" and draft.state_concerned_id:
        return consensus.ConsensusMinusOne(draft.state_concerned.code)
    if draft.decision_rule == "interested_members" and draft.interested:
        return consensus.InterestedMembers(tuple(draft.interested))
    return consensus.Consensus()


@dataclass(frozen=True)
class StanceRow:
    """A stance as read for the map, the solver and adoption."""

    id: int
    kind: str
    reason: str
    unless: list
    option_id: int
    state_code: str
    provision_id: int
    provision_label: str
    letter: str


@dataclass
class Text:
    """A draft as the core sees it, with the rows behind it for display."""

    draft: Draft
    members: list[State]
    provisions: list[Provision]
    options: dict[int, list[Option]]  # provision id -> live options
    stances: list[StanceRow]
    rule: consensus.DecisionRule
    by_label: dict[str, Provision] = field(default_factory=dict)
    # (provision label, option letter) of every live option: conditions naming anything else are dropped.
    live_choices: frozenset[tuple[str, str]] = frozenset()
    last_change: int = 0  # the draft's last StanceChange id when the stances were read (0: none known)
    wording: tuple = ()  # every column of the live provisions and options (_wording): what the text says

    @property
    def member_codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.members)

    def core_stance(self, s: StanceRow) -> core.Stance:
        """`s` as the core reads it; a condition on a provision or option closed since is dropped rather
        than failing the whole map."""
        return core.Stance(
            member=s.state_code,
            provision=s.provision_label,
            option=s.letter,
            stance=s.kind,
            unless=tuple(
                core.Condition(c["provision"], c["option"])
                for c in s.unless
                if (str(c.get("provision")), str(c.get("option"))) in self.live_choices
            )
            if s.unless
            else (),
            reason=s.reason,
        )

    @cached_property
    def core_provisions(self) -> tuple[core.Provision, ...]:
        return tuple(
            core.Provision(p.label, tuple(o.letter for o in self.options[p.pk]))
            for p in self.provisions
            if self.options[p.pk]
        )

    @cached_property
    def problem(self) -> core.PackageProblem:
        """The validated package problem (built on first use: the map itself does not need it)."""
        codes = set(self.member_codes)
        return core.PackageProblem(
            members=tuple(sorted(codes)),
            provisions=self.core_provisions,
            stances=tuple(self.core_stance(s) for s in self.stances if s.state_code in codes),
        )


_STANCE_COLUMNS = ("id", "kind", "reason", "unless_text", "option_id", "state__code", "last_change")


def _stance_rows(
    draft_id: int, qs, option_info: dict[int, tuple[int, str, str]]
) -> tuple[list[StanceRow], int]:
    """Plain rows, not model instances: the map of a 300-provision draft reads thousands of stances.
    `unless` is read as text and decoded only when there is a condition (most stances have none).
    `option_info`: live option id -> (provision id, provision label, letter); other options are skipped.
    With them, in the same statement (so the same snapshot), the draft's last StanceChange id (0: none,
    or no stance read)."""
    rows, last = [], 0
    for pk, kind, reason, unless, option_id, state_code, last_change in qs.annotate(
        unless_text=Cast("unless", TextField()),
        last_change=Subquery(StanceChange.objects.filter(draft_id=draft_id).order_by("-id").values("id")[:1]),
    ).values_list(*_STANCE_COLUMNS):
        last = last_change or 0
        info = option_info.get(option_id)
        if info is not None:
            rows.append(
                StanceRow(
                    pk,
                    kind,
                    reason,
                    json.loads(unless) if unless and unless != "[]" else [],
                    option_id,
                    state_code,
                    *info,
                )
            )
    return rows, last


def _option_info(options: dict[int, list[Option]], labels: dict[int, str]) -> dict[int, tuple[int, str, str]]:
    return {
        o.pk: (o.provision_id, labels[o.provision_id], o.letter) for opts in options.values() for o in opts
    }


def _kept_stances(kept: Text, info: dict[int, tuple[int, str, str]]) -> list[StanceRow]:
    """`kept`'s stance rows on options still live, the same objects where their provision's label and
    their letter are unchanged (so what was computed from them can be reused); kept's very list when
    that is every row."""
    rows, untouched = [], True
    for s in kept.stances:
        now = info.get(s.option_id)
        if now is None:
            untouched = False
            continue
        if now != (s.provision_id, s.provision_label, s.letter):
            s = replace(s, provision_id=now[0], provision_label=now[1], letter=now[2])
            untouched = False
        rows.append(s)
    return kept.stances if untouched else rows  # the very list when every row is kept as it was


# Every column of a provision and an option: two reads giving equal tuples read the same text.
_PROVISION_COLUMNS = operator.attrgetter(*(f.attname for f in Provision._meta.concrete_fields))
_OPTION_COLUMNS = operator.attrgetter(*(f.attname for f in Option._meta.concrete_fields))


def _wording(provisions: list[Provision], options: dict[int, list[Option]]) -> tuple:
    return (
        tuple(map(_PROVISION_COLUMNS, provisions)),
        tuple(tuple(map(_OPTION_COLUMNS, opts)) for opts in options.values()),
    )


def text_of(draft: Draft, day: date | None = None, kept: Text | None = None) -> Text:
    """Four queries: members on the date, provisions, options, stances. With `kept` (an earlier text of
    the same draft): when the provisions and options read say exactly what kept's did, kept's very
    objects are taken again (so what was computed from them is reused); and its stances are taken
    again instead of read when no stance has changed since: one small query instead of thousands of
    rows when the rule, a silence or the text changed. Every stance write records a StanceChange
    (set_stance), so the draft's last one tells."""
    members = sorted(
        statuses_on(draft.organisation, day or draft_day(draft))[StatusKind.MEMBER], key=lambda s: s.code
    )
    provisions = list(Provision.objects.filter(draft=draft, removed_round__isnull=True))
    options: dict[int, list[Option]] = {p.pk: [] for p in provisions}
    for o in Option.objects.filter(provision__draft=draft, removed_round__isnull=True).select_related(
        "proposed_by"
    ):
        if o.provision_id in options:
            options[o.provision_id].append(o)
    wording = _wording(provisions, options)
    kept = kept if kept is not None and kept.draft.pk == draft.pk else None
    same_text = kept is not None and kept.wording == wording
    if same_text:
        provisions, options = kept.provisions, kept.options
    labels = {p.pk: p.label for p in provisions}
    info = _option_info(options, labels)
    stances = None
    if kept is not None:
        changes = StanceChange.objects.filter(draft_id=draft.pk).order_by("-id")
        last = changes.values_list("id", flat=True).first() or 0
        if last == kept.last_change:
            stances = kept.stances if same_text else _kept_stances(kept, info)
    if stances is None:
        stances, last = _stance_rows(draft.pk, Stance.objects.filter(draft=draft), info)
    choices = frozenset((label, letter) for _pid, label, letter in info.values())
    text = Text(
        draft,
        members,
        provisions,
        options,
        stances,
        rule_for(draft),
        kept.by_label if same_text else {p.label: p for p in provisions},
        kept.live_choices if same_text else choices,
        last,
        wording,
    )
    if same_text:
        text.__dict__["core_provisions"] = kept.core_provisions  # the same text: the same provisions
    return text


def for_rule(text: Text) -> core.PackageProblem:
    """The package problem under the draft's decision rule: non-participants' blocking stances dropped.

    core.packages knows only consensus, so the rule is applied here (thin adapter)."""
    participants = set(text.rule.participants(text.member_codes))
    stances = tuple(
        s for s in text.problem.stances if s.member in participants or s.stance not in core.BLOCKING_KINDS
    )
    return core.PackageProblem(text.problem.members, text.problem.provisions, stances)


@dataclass(frozen=True)
class Mapped:
    """A draft's text and consensus map as of one version, with what it takes to move them on by a few
    stance changes without reading the rest again. Never changed once made: the next version shares
    every part it does not change (a provision's row object stays the same object while its stances do)."""

    version: int
    day: date
    text: Text
    status: consensus.DocumentStatus
    last_change: int  # the highest StanceChange id reflected (0: none)
    # (option id, state code) -> index in text.stances
    index: dict[tuple[int, str], int]
    # provision label -> {(option letter, member): core stance}: members' stances only, as the map reads them
    by_provision: dict[str, dict[tuple[str, str], core.Stance]]
    row_at: dict[str, int]  # provision label -> index in status.provisions
    option_info: dict[int, tuple[int, str, str]]


# The text and the map of a draft, by (draft, version, day): read once per change, not per request, page,
# poll or API call. The draft's version grows with every change to its text or stances (the map poll's
# ETag relies on the same) and the day decides the members; a few drafts are live at a time. A version
# reached from a cached one by stance changes alone is computed from it (`_advance`): only the changed
# stances are read and only their provisions' rows recomputed.
_MAPS: OrderedDict[tuple, Mapped] = OrderedDict()
MAPS_KEPT = 16


def mapped(draft: Draft) -> tuple[Text, consensus.DocumentStatus]:
    """text_of(draft) and its consensus_map, from the cache while the draft is unchanged."""
    entry = mapped_entry(draft)
    return entry.text, entry.status


def mapped_entry(draft: Draft) -> Mapped:
    day = draft_day(draft)
    key = (draft.pk, draft.version, day)
    if (hit := _MAPS.get(key)) is not None:
        _MAPS.move_to_end(key)
        return hit
    latest = max(
        (e for (pk, _v, d), e in _MAPS.items() if pk == draft.pk and d == day),
        key=lambda e: e.version,
        default=None,
    )
    entry = None
    if latest is not None and latest.version < draft.version:
        entry = _advance(draft, latest)
    if entry is None:
        entry = _full(draft, day, latest)
    for k in (key, (draft.pk, entry.version, day)):
        _MAPS[k] = entry
        _MAPS.move_to_end(k)
    while len(_MAPS) > MAPS_KEPT:
        _MAPS.popitem(last=False)
    return entry


def _document(rows: tuple[consensus.ProvisionStatus, ...]) -> consensus.DocumentStatus:
    states = {row.status for row in rows}
    status = "blocked" if "blocked" in states else "open" if "open" in states else "agreed"
    return consensus.DocumentStatus(status, rows)


def _full(draft: Draft, day: date, before: Mapped | None = None) -> Mapped:
    """Everything read afresh; the last stance change is read with the stances (one snapshot), so the next
    `_advance` starts exactly after them. With `before` (the latest map of this draft on this day), what
    did not change is taken from it: the stances when none was written since (text_of), each stance's
    core form when its row is the same object under the same conditions, each provision's status when
    its options and stances are the same."""
    text = text_of(draft, day, before.text if before is not None else None)
    codes = set(text.member_codes)
    members = text.member_codes
    # What decides a provision's status beside its own stances and options: the members and the rule;
    # and for a stance with conditions, which choices are live (a condition on a closed one is dropped).
    same_frame = before is not None and before.text.member_codes == members and before.text.rule == text.rule
    if same_frame and text.provisions is before.text.provisions and text.stances is before.text.stances:
        # The same text, stances, members and rule (a silence, a state or a version bump changed): the
        # same map.
        return replace(before, version=draft.version, text=text)
    same_choices = same_frame and before.text.live_choices == text.live_choices
    old_rows = before.text.stances if same_frame else []
    by_provision: dict[str, dict[tuple[str, str], core.Stance]]
    if same_choices and text.stances is old_rows:
        # Only wordings changed (text_of kept every stance row as it was): each provision's stances too.
        index = before.index
        by_provision = {p.id: before.by_provision.get(p.id, {}) for p in text.core_provisions}
    else:
        index = {(s.option_id, s.state_code): i for i, s in enumerate(text.stances)}
        by_provision = {p.id: {} for p in text.core_provisions}
        for s in text.stances:
            if s.state_code in codes and s.provision_label in by_provision:
                key = (s.letter, s.state_code)
                at = before.index.get((s.option_id, s.state_code)) if same_frame else None
                if at is not None and old_rows[at] is s and (same_choices or not s.unless):
                    by_provision[s.provision_label][key] = before.by_provision[s.provision_label][key]
                else:
                    by_provision[s.provision_label][key] = text.core_stance(s)
    old_provisions = {p.id: p for p in before.text.core_provisions} if same_frame else {}
    rows = tuple(
        before.status.provisions[before.row_at[p.id]]
        if old_provisions.get(p.id) == p and before.by_provision.get(p.id) == by_provision[p.id]
        else consensus.provision_status(members, p, by_provision[p.id].values(), text.rule)
        for p in text.core_provisions
    )
    labels = {p.pk: p.label for p in text.provisions}
    return Mapped(
        draft.version,
        day,
        text,
        _document(rows),
        text.last_change,
        index,
        by_provision,
        {row.provision: i for i, row in enumerate(rows)},
        _option_info(text.options, labels),
    )


def _advance(draft: Draft, old: Mapped) -> Mapped | None:
    """`old` moved on by the stance changes made since, if they are the only changes (None otherwise).

    Every stance change bumps the draft's version by one and writes one StanceChange, in one transaction
    holding the draft's row lock (so a draft's changes get their ids in commit order); any other change
    bumps the version without one. So when the versions moved on by exactly the number of new changes,
    nothing but stances changed. One statement reads the changes and the version, in one snapshot."""
    changes = list(
        StanceChange.objects.filter(draft_id=draft.pk, id__gt=old.last_change)
        .annotate(now=Subquery(Draft.objects.filter(pk=OuterRef("draft_id")).values("version")[:1]))
        .values_list("id", "option_id", "state__code", "now")
    )
    if not changes or changes[0][3] - old.version != len(changes):
        return None
    keys = {(option_id, code) for _id, option_id, code, _v in changes}
    if any(option_id not in old.option_info for option_id, _code in keys):
        return None  # a stance on an option closed since: the text changed too
    read, _last = _stance_rows(
        draft.pk,
        Stance.objects.filter(
            draft_id=draft.pk,
            option_id__in={option_id for option_id, _code in keys},
            state__code__in={code for _option, code in keys},
        ),
        old.option_info,
    )
    fresh = {(s.option_id, s.state_code): s for s in read}
    if not keys <= fresh.keys():
        return None  # a stance gone: not something a stance change does
    stances = list(old.text.stances)
    index = dict(old.index)
    for key in keys:
        if key in index:
            stances[index[key]] = fresh[key]
        else:
            index[key] = len(stances)
            stances.append(fresh[key])
    last = max(change_id for change_id, *_rest in changes)
    text = replace(old.text, draft=draft, stances=stances, last_change=last)
    text.__dict__["core_provisions"] = old.text.core_provisions  # the same text: the same provisions
    codes = set(text.member_codes)
    by_provision = dict(old.by_provision)
    touched: set[str] = set()
    for key in keys:
        s = fresh[key]
        if s.state_code not in codes or s.provision_label not in by_provision:
            continue
        if s.provision_label not in touched:
            by_provision[s.provision_label] = dict(by_provision[s.provision_label])
            touched.add(s.provision_label)
        by_provision[s.provision_label][(s.letter, s.state_code)] = text.core_stance(s)
    rows = list(old.status.provisions)
    provisions = {p.id: p for p in text.core_provisions}
    for label in touched:
        rows[old.row_at[label]] = consensus.provision_status(
            text.member_codes, provisions[label], by_provision[label].values(), text.rule
        )
    return Mapped(
        changes[0][3],
        old.day,
        text,
        _document(tuple(rows)),
        last,
        index,
        by_provision,
        old.row_at,
        old.option_info,
    )


def consensus_map(text: Text) -> consensus.DocumentStatus:
    """core.consensus.document_status, fed each provision's own stances (the core scans every stance for
    every provision, too slow for 300 provisions x 10 members); the document rule is the core's."""
    by_provision: dict[str, list[core.Stance]] = {}
    for s in text.problem.stances:
        by_provision.setdefault(s.provision, []).append(s)
    rows = tuple(
        consensus.provision_status(text.member_codes, p, by_provision.get(p.id, ()), text.rule)
        for p in text.problem.provisions
    )
    return _document(rows)


def solve(text: Text, time_limit: float = 20.0) -> core.PackageResult:
    return core.solve(for_rule(text), time_limit=time_limit)


def deletion_marker() -> str:
    """How an option that deletes its provision reads in the compiled text: [A / DELETE]."""
    return pgettext("option that deletes the provision", "DELETE")


def bracketed(text: Text) -> list[dict]:
    """The compilation text: each provision with its alternatives in [A / B] brackets."""
    return [
        {"provision": p, "text": bracketed_text(text, p), "options": text.options[p.pk]}
        for p in text.provisions
    ]


def bracketed_text(text: Text, provision: Provision) -> str:
    """One provision's options as the compilation shows them: "[A / B]", or the one option's words."""
    words = [(deletion_marker() if o.delete else o.text) for o in text.options[provision.pk]]
    return words[0] if len(words) == 1 else "[" + " / ".join(words) + "]"


def clean(text: Text, status: consensus.DocumentStatus) -> list[dict]:
    """The clean text: agreed wording only; provisions still open or blocked are marked, deleted ones
    left out."""
    rows = {row.provision: row for row in status.provisions}
    out = []
    for p in text.provisions:
        row = rows.get(p.label)
        agreed = next((o for o in text.options[p.pk] if row and o.letter == row.agreed_option), None)
        if agreed is not None and agreed.delete:
            continue
        out.append({"provision": p, "text": agreed.text if agreed else None})
    return out


def drafts_under_negotiation(org: Organisation) -> list[dict]:
    """For the chair's dashboard: every draft in drafting, negotiation or silence with its map status."""
    out = []
    for draft in Draft.objects.filter(
        organisation=org, state__in=("drafting", "negotiation", "silence")
    ).select_related("body", "session", "state_concerned", "organisation"):
        status = consensus_map(text_of(draft))
        blocked_by = sorted({m for row in status.provisions for m in row.blocked_by})
        out.append(
            {
                "draft": draft,
                "status": status.status,
                "blocked_by": blocked_by,
                "url": reverse("negotiations:draft", kwargs={"org": org.code, "pk": draft.pk}),
            }
        )
    return out


def running_silences(org: Organisation) -> list[dict]:
    """For the chair's dashboard: silence procedures still running now (derived from timestamps)."""
    now = clock.now()
    out = []
    for proc in (
        SilenceProcedure.objects.filter(draft__organisation=org, settled_at__isnull=True)
        .select_related("draft")
        .prefetch_related("breaks__state")
    ):
        result = proc.outcome(now)
        if result.state != "running":
            continue
        out.append(
            {
                "procedure": proc,
                "draft": proc.draft,
                "deadline": proc.deadline,
                "timezone": proc.timezone,
                "broken": False,
                "url": reverse("negotiations:draft", kwargs={"org": org.code, "pk": proc.draft_id}),
            }
        )
    return out


def open_silence(draft: Draft) -> SilenceProcedure | None:
    return draft.silences.filter(settled_at__isnull=True).prefetch_related("breaks__state").first()


def latest_silence(draft: Draft) -> SilenceProcedure | None:
    """The draft's last silence procedure, running or settled (the page shows how it ended)."""
    return draft.silences.order_by("-opened_at", "-id").prefetch_related("breaks__state").first()


def breaks_by_provision(draft: Draft, last: SilenceProcedure | None) -> dict[str, list]:
    """While a draft is back in negotiation after its last silence procedure (`last`) was broken: the
    breaks, by the provision each is about ("" for the text as a whole), for the consensus map."""
    if draft.state != "negotiation":
        return {}
    out: dict[str, list] = {}
    for b in last.breaks.all() if last else ():
        out.setdefault(b.provision, []).append(b)
    return out


def returned_from_silence(org: Organisation) -> list[dict]:
    """For the chair's dashboard: drafts whose last silence procedure was broken, back in negotiation and
    waiting for the chair's next step (revise, a new silence, or a session)."""
    out = []
    drafts = Draft.objects.filter(organisation=org, state="negotiation", silences__breaks__isnull=False)
    for draft in drafts.distinct().order_by("-id"):
        last = latest_silence(draft)
        breaks = list(last.breaks.all()) if last else []
        if not breaks:
            continue  # the last procedure was not broken (an earlier one was)
        url = reverse("negotiations:draft", kwargs={"org": org.code, "pk": draft.pk})
        out.append(
            {
                "draft": draft,
                "procedure": last,
                "breaks": breaks,
                "url": url,
                "edit_url": reverse("negotiations:edit", kwargs={"org": org.code, "pk": draft.pk}),
            }
        )
    return out


def stance_history(draft: Draft, *, provision: str = "", state: str = "") -> list[StanceChange]:
    """Every stance stated or changed on the draft, by provision, option, delegation, then time (one query);
    optionally one provision's or one delegation's."""
    qs = StanceChange.objects.filter(draft=draft).select_related("option__provision", "state", "by")
    if provision:
        qs = qs.filter(
            option__provision__kind=provision[:2], option__provision__number=label_number(provision)
        )
    if state:
        qs = qs.filter(state__code=state.upper())
    # "PP" sorts after "OP": descending kind puts the preamble first.
    return list(
        qs.order_by(
            "-option__provision__kind", "option__provision__number", "option__letter", "state__code", "id"
        )
    )


@dataclass(frozen=True)
class StanceMove:
    """One delegation's stance on one option at the end of two rounds (None: no stance stated yet)."""

    option: Option
    state: State
    a: StanceChange | None
    b: StanceChange | None
    changes: int  # stance changes made in the rounds after the earlier one, up to the later one


def stances_between(history: list[StanceChange], a: int, b: int) -> list[StanceMove]:
    """The stances that differ between the end of round `a` and the end of round `b`, from
    `stance_history` (rounds only grow, so each key's changes come in round order)."""
    lo, hi = min(a, b), max(a, b)
    at_a: dict[tuple[int, int], StanceChange] = {}
    at_b: dict[tuple[int, int], StanceChange] = {}
    between: dict[tuple[int, int], int] = {}
    first: dict[tuple[int, int], StanceChange] = {}
    for c in history:
        key = (c.option_id, c.state_id)
        first.setdefault(key, c)
        if c.round <= a:
            at_a[key] = c
        if c.round <= b:
            at_b[key] = c
        if lo < c.round <= hi:
            between[key] = between.get(key, 0) + 1
    return [
        StanceMove(c.option, c.state, at_a.get(key), at_b.get(key), between[key])
        for key, c in first.items()
        if key in between
    ]


from django.db.models import Count  # noqa: E402  (the register's own imports, kept with it)

from .models import Adoption  # noqa: E402

# The public register of adopted decisions: what the organisation publishes. Only adopted drafts that were
# never restricted; a draft in any other state, or a restricted one, is not in it (404, as for a draft).
REGISTER_PAGE_SIZE = 20


def public_register(org: Organisation, *, q: str = "", body: str = "", year: int | None = None):
    """Adopted, unrestricted decisions, newest first, each with its body, session and number of statements
    on record (one query per page, one for the count)."""
    qs = (
        Adoption.objects.filter(draft__organisation=org, draft__state="adopted", draft__restricted=False)
        .select_related("draft", "body", "session", "session__body")
        .annotate(statement_count=Count("statements"))
        .order_by("-date", "-id")
    )
    if q:
        qs = qs.filter(draft__title__icontains=q)
    if body:
        qs = qs.filter(body__code=body)
    if year is not None:
        qs = qs.filter(date__year=year)
    return qs


def register_entry(org: Organisation, pk: int) -> Adoption:
    """One decision of the public register, by its draft's id; 404 for anything else (a draft, a restricted
    one, another organisation's), so nothing about it leaks."""
    adoption = (
        Adoption.objects.filter(
            draft__organisation=org, draft__pk=pk, draft__state="adopted", draft__restricted=False
        )
        .select_related("draft", "draft__organisation", "body", "session", "session__body")
        .first()
    )
    if adoption is None:
        raise Http404("no such decision")
    return adoption


def register_years(org: Organisation) -> list[int]:
    """The years in which the register has decisions, newest first (one query)."""
    return sorted(
        {
            d.year
            for d in Adoption.objects.filter(
                draft__organisation=org, draft__state="adopted", draft__restricted=False
            ).values_list("date", flat=True)
        },
        reverse=True,
    )
