"""Financing: an investor's interest and commitments, the matches with its mandates, every
commitment (Secretariat)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import actions, queries
from ._shared import _csv, _ctx, _post


@require_POST
def interest(request, org, code):
    o, actor = _ctx(request, org)
    project = queries.project_for(actor, o, code)
    # A funder id that is not a plain number names no funder (was a 500 for anyone).
    funder = queries.funder(o, pk=request.POST.get("funder", ""))

    def do():
        actions.register_interest(actor, project, funder, request.POST.get("note", ""))
        messages.success(request, _("Interest registered for %(funder)s.") % {"funder": funder.name})

    return _post(request, o, code, do)


@require_POST
def commitment_move(request, org, pk):
    o, actor = _ctx(request, org, "commitment.register")
    c = queries.commitment(o, pk, represented_by=actor)
    return _post(
        request,
        o,
        c.project.code,
        lambda: actions.move_commitment(
            actor,
            c,
            request.POST.get("state", ""),
            amount=request.POST.get("amount"),
            currency=request.POST.get("currency", ""),
            instrument=request.POST.get("instrument", ""),
        ),
    )


def matches(request, org):
    o, actor = _ctx(request, org, "commitment.register")
    return render(
        request,
        "projects/matches.html",
        {
            "org": o,
            "matches": queries.matches(actor, o),
            "funders": queries.funders_of(actor, o),
            "base": queries.BASE_CURRENCY,
        },
    )


def commitments(request, org):
    o, actor = _ctx(request, org, "commitment.view_all")
    return render(
        request, "projects/commitments.html", {"org": o, "commitments": list(queries.commitments(o))}
    )


def commitments_csv(request, org):
    o, actor = _ctx(request, org, "commitment.view_all")
    return _csv(
        "commitments.csv",
        ["project", "funder", "state", "amount", "currency", "instrument", "created", "soft_on", "firm_on"],
        [
            (
                c.project.code,
                c.funder.code,
                c.state,
                c.amount or "",
                c.currency,
                c.instrument,
                c.created.isoformat(),
                c.soft_on.isoformat() if c.soft_on else "",
                c.firm_on.isoformat() if c.firm_on else "",
            )
            for c in queries.commitments(o)
        ],
    )
