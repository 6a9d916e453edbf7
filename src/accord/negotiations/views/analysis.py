"""Reading a draft: the package solver, rounds compared and the history of stances."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from accord.base import clock
from accord.orgs.permissions import allowed
from accord.orgs.queries import statuses_on

from .. import queries
from ..models import Option, OptionVersion, Provision
from ._shared import _draft


def solve(request, org, pk):
    """GET: the page with the button; POST (htmx): run the solver and return the proposed package."""
    o, actor, d = _draft(request, org, pk)
    if not allowed(actor, "package.solve", body=d.body.code):
        raise PermissionDenied(_("Only the chair's team and the Secretariat find packages."))
    if request.method != "POST":
        return render(request, "negotiations/solve.html", {"org": o, "draft": d})
    text = queries.text_of(d)
    result = queries.solve(text)
    reasons = {(s.state_code, s.provision_label, s.letter): s for s in text.stances}
    package = []
    for p in text.provisions:
        letter = result.package.get(p.label)
        opt = next((x for x in text.options[p.pk] if x.letter == letter), None)
        package.append({"provision": p, "option": opt})
    moves = [
        {
            "member": b.member,
            "provision": b.provision,
            "option": b.option,
            "stance": reasons.get((b.member, b.provision, b.option)),
        }
        for b in result.blocking
    ]
    return render(
        request,
        "negotiations/_package.html",
        {
            "org": o,
            "draft": d,
            "result": result,
            "package": package,
            "moves": moves,
            "can_propose": allowed(actor, "proposal.make", body=d.body.code) and d.state == "negotiation",
        },
    )


def compare(request, org, pk):
    """Two rounds side by side, provision by provision."""
    o, actor, d = _draft(request, org, pk)
    rounds = list(range(1, d.round + 1))

    def pick(name, default):
        try:
            value = int(request.GET.get(name, default))
        except ValueError:
            value = default
        return min(max(value, 1), d.round)

    a, b = pick("a", max(d.round - 1, 1)), pick("b", d.round)
    options = list(Option.objects.filter(provision__draft=d).select_related("provision", "proposed_by"))
    versions: dict[int, list[OptionVersion]] = {}
    for v in OptionVersion.objects.filter(option__provision__draft=d):
        versions.setdefault(v.option_id, []).append(v)

    def words(opt, r):
        if opt.added_round > r or (opt.removed_round is not None and opt.removed_round < r):
            return None
        if opt.provision.added_round > r or (
            opt.provision.removed_round is not None and opt.provision.removed_round < r
        ):
            return None
        seen = [v for v in versions.get(opt.pk, []) if v.round <= r]
        return queries.deletion_marker() if opt.delete else (seen[-1].text if seen else opt.text)

    by_provision: dict[int, dict] = {}
    for opt in sorted(options, key=lambda x: (x.provision.kind != "PP", x.provision.number, x.letter)):
        item = by_provision.setdefault(opt.provision_id, {"provision": opt.provision, "options": []})
        wa, wb = words(opt, a), words(opt, b)
        if wa is None and wb is None:
            continue
        item["options"].append({"option": opt, "a": wa, "b": wb, "changed": wa != wb})
    rows = [r for r in by_provision.values() if r["options"]]
    for r in rows:
        r["changed"] = any(x["changed"] for x in r["options"])
    moves = queries.stances_between(queries.stance_history(d), a, b)
    return render(
        request,
        "negotiations/compare.html",
        {"org": o, "draft": d, "rounds": rounds, "a": a, "b": b, "rows": rows, "moves": moves},
    )


def history(request, org, pk):
    """How each delegation's stance on each option moved: who, when, from what to what, why, on what
    condition; optionally one provision's or one delegation's."""
    o, actor, d = _draft(request, org, pk)
    provision = request.GET.get("provision", "").strip().upper()
    state = request.GET.get("state", "").strip().upper()
    groups: list[dict] = []
    for c in queries.stance_history(d, provision=provision, state=state):
        if not groups or (groups[-1]["option"].pk, groups[-1]["state"].pk) != (c.option_id, c.state_id):
            groups.append({"option": c.option, "state": c.state, "changes": []})
        groups[-1]["changes"].append(c)
    return render(
        request,
        "negotiations/history.html",
        {
            "org": o,
            "draft": d,
            "groups": groups,
            "provision": provision,
            "state": state,
            "labels": [p.label for p in Provision.objects.filter(draft=d)],
            "states": statuses_on(o, clock.today())["member"],
        },
    )
