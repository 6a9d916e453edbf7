"""The chair's proposal: made from the solver's package, shown as its clean text, put under silence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.errors import Conflict, InputError
from accord.orgs.permissions import allowed

from .. import actions, forms
from ..models import ChairProposal
from ..proposals import proposals_of
from ._shared import _draft, attempt
from .decisions import _deadline


@login_required
@require_POST
def make_proposal(request, org, pk):
    """From the solver's page: the package shown (one "OP1 A" per provision) becomes the next proposal."""
    o, actor, d = _draft(request, org, pk)
    package = {}
    for choice in request.POST.getlist("package"):
        label, _sep, letter = choice.strip().partition(" ")
        package[label.upper()] = letter.strip().upper()
    made, p = attempt(request, actions.make_proposal, actor, d, package)
    if not made:
        return redirect("negotiations:solve", org=org, pk=pk)
    messages.success(request, _("Chair's proposal %(number)s made.") % {"number": p.number})
    return redirect("negotiations:proposal", org=org, pk=pk, number=p.number)


def _proposal_page(request, o, actor, d, p, form=None, status=200):
    can_open = allowed(actor, "silence.open", body=d.body.code) and d.state == "negotiation"
    latest = proposals_of(d)
    return render(
        request,
        "negotiations/proposal.html",
        {
            "org": o,
            "draft": d,
            "proposal": p,
            "proposals": latest,
            "is_latest": bool(latest) and latest[0].pk == p.pk,
            "can_open": can_open,
            "form": form or (forms.ProposalSilenceForm() if can_open else None),
            "silences": list(p.silences.order_by("-opened_at")),
        },
        status=status,
    )


@login_required
def proposal(request, org, pk, number):
    o, actor, d = _draft(request, org, pk)
    if not allowed(actor, "proposal.make", body=d.body.code) and not actor.delegation_states:
        raise PermissionDenied(_("The chair's proposals are for the delegations and the chair's team."))
    p = ChairProposal.objects.filter(draft=d, number=number).first()
    if p is None:
        raise Http404("no such proposal")
    return _proposal_page(request, o, actor, d, p)


@login_required
@require_POST
def proposal_silence(request, org, pk, number):
    """The chair opens silence on exactly this proposal, once confirmed; errors beside their field."""
    o, actor, d = _draft(request, org, pk)
    p = ChairProposal.objects.filter(draft=d, number=number).first()
    if p is None:
        raise Http404("no such proposal")
    if not allowed(actor, "silence.open", body=d.body.code):
        raise PermissionDenied(_("Only the chair opens a silence procedure."))
    form = forms.ProposalSilenceForm(request.POST)
    if form.is_valid():
        try:
            deadline, zone = _deadline(request)
            actions.open_silence(actor, d, deadline=deadline, timezone=zone, proposal=p)
        except InputError as exc:
            forms.put_error(form, exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Chair's proposal %(number)s is under silence.") % {"number": p.number}
            )
            return redirect("negotiations:draft", org=org, pk=pk)
    return _proposal_page(request, o, actor, d, p, form=form, status=422)
