"""The Secretariat creates a draft; a delegation tables an amendment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accord.base import clock
from accord.core.errors import Conflict, InputError
from accord.orgs.models import Body
from accord.orgs.permissions import allowed
from accord.orgs.queries import organisation, request_actor, statuses_on

from .. import actions, forms
from ..models import Provision
from ._shared import _draft


@login_required
def draft_new(request, org):
    """The Secretariat's form for a new draft: title, kind, body, decision rule, session, restricted."""
    o = organisation(org)
    actor = request_actor(request, o)
    if not allowed(actor, "draft.manage"):
        raise PermissionDenied(_("Only the Secretariat creates drafts."))
    form = forms.DraftForm(
        request.POST or None,
        org=o,
        bodies=Body.objects.filter(organisation=o).order_by("order", "code"),
        members=statuses_on(o, clock.today())["member"],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            d = actions.create_draft(
                actor,
                o,
                body=data["body"],
                title=data["title"],
                kind=data["kind"],
                session=data["session"],
                restricted=data["restricted"],
                decision_rule=data["decision_rule"],
                state_concerned=data["state_concerned"] or None,
                interested=data["interested"],
            )
        except InputError as exc:
            forms.put_error(form, exc)
        else:
            messages.success(request, _("Draft created. Add its provisions, then open the negotiation."))
            return redirect("negotiations:edit", org=o.code, pk=d.pk)
    return render(
        request,
        "negotiations/draft_form.html",
        {"org": o, "form": form},
        status=422 if form.is_bound else 200,
    )


def tabling_states(actor, draft) -> list[str]:
    """The member states `actor` may table text for on this draft (head or delegate of their delegation)."""
    if draft.state != "negotiation":
        return []
    return sorted(
        s
        for s in actor.states_with(frozenset({"head", "delegate"}))
        if allowed(actor, "amendment.table", state=s)
    )


@login_required
def table(request, org, pk):
    """A delegation tables an amendment: a further option on a provision, or a new provision."""
    o, actor, d = _draft(request, org, pk)
    states = tabling_states(actor, d)
    if not states:
        if d.state == "negotiation":
            raise PermissionDenied(_("Only a member delegation tables amendments."))
        messages.error(request, _("Amendments are tabled while the draft is in negotiation."))
        return redirect("negotiations:draft", org=org, pk=pk)
    labels = [p.label for p in Provision.objects.filter(draft=d, removed_round__isnull=True)]
    form = forms.TableForm(
        request.POST or None, states=states, labels=labels, initial={"at": request.GET.get("at", "")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["at"] in forms.TableForm.NEW:
                p = actions.table_provision(
                    actor, d, data["state"], kind=forms.TableForm.NEW[data["at"]], text=data["text"]
                )
                label = p.label
            else:
                opt = actions.table_option(
                    actor, d, data["state"], provision=data["at"], text=data["text"], delete=data["delete"]
                )
                label = data["at"]
                messages.success(
                    request,
                    _("%(state)s tabled option %(option)s on %(provision)s.")
                    % {"state": data["state"], "option": opt.letter, "provision": label},
                )
        except InputError as exc:
            forms.put_error(form, exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            if data["at"] in forms.TableForm.NEW:
                messages.success(
                    request,
                    _("%(state)s tabled %(provision)s.") % {"state": data["state"], "provision": label},
                )
            url = reverse("negotiations:draft", kwargs={"org": org, "pk": pk})
            return redirect(f"{url}#text-{label}")
    return render(
        request,
        "negotiations/table.html",
        {"org": o, "draft": d, "form": form},
        status=422 if form.is_bound else 200,
    )
