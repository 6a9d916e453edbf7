from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from accord.base import clock
from accord.core.errors import InputError
from accord.core.workflow import allowed_targets
from accord.core.workflows import ACTION_ITEM, PROGRAMME
from accord.orgs.permissions import allowed
from accord.orgs.queries import bodies, member_codes_on, organisation, request_actor

from . import actions, charts, queries
from .permissions import may_implement
from .templatetags.programme_labels import STATE_LABELS

DUE_WITHIN = timedelta(days=60)  # items due on the chair's dashboard

CHART_ROW = 26
CHART_LABEL = 70
CHART_WIDTH = 420


def index(request, org):
    o = organisation(org)
    today = clock.today()
    return render(
        request,
        "programmes/index.html",
        {
            "org": o,
            "today": today,
            "programmes": queries.programmes(o, today),
            "can_manage": allowed(request_actor(request, o), "programme.manage"),
        },
    )


def _chart(view: queries.ProgrammeView) -> dict:
    """Geometry of the item progress chart (one bar per item, 0-100%), drawn as inline SVG."""
    rows = []
    for i, v in enumerate(view.items):
        pct = 100.0 if v.item.state == "done" else float(v.item.percent)
        rows.append(
            {
                "y": i * CHART_ROW,
                "width": round(pct * CHART_WIDTH / 100, 1),
                "pct": round(pct),
                "code": v.item.code,
                "state": v.item.state,
                "overdue": v.overdue,
            }
        )
    return {
        "rows": rows,
        "height": len(rows) * CHART_ROW + 24,
        "label": CHART_LABEL,
        "width": CHART_WIDTH,
        "total": CHART_LABEL + CHART_WIDTH + 50,
        "axis_y": len(rows) * CHART_ROW + 4,
        "ticks": [{"x": CHART_LABEL + t * CHART_WIDTH // 100, "t": t} for t in (0, 25, 50, 75, 100)],
    }


def detail(request, org, code):
    o = organisation(org)
    today = clock.today()
    view = queries.programme(o, code, today)
    if view is None:
        raise Http404
    actor = request_actor(request, o)
    can_manage = allowed(actor, "programme.manage")
    implementing = view.programme.implementing
    for v in view.items:
        v.fileable = [s for s in v.states if allowed(actor, "report.file", state=s)] if implementing else []
        v.targets = allowed_targets(ACTION_ITEM, v.item.state) if may_implement(actor, v.item) else ()
    report_year = min(max(today.year, view.programme.start_year), view.programme.end_year)
    adds_items = can_manage and view.programme.state != "completed"
    return render(
        request,
        "programmes/detail.html",
        {
            "org": o,
            "today": today,
            "view": view,
            "p": view.programme,
            "chart": _chart(view),
            "can_manage": can_manage,
            "report_year": report_year,
            "drafted": not implementing and view.programme.state != "completed",
            "lifecycle": [{"state": s, "current": s == view.programme.state} for s in PROGRAMME.states],
            "programme_targets": allowed_targets(PROGRAMME, view.programme.state) if can_manage else (),
            # The new item form, for the Secretariat while the programme is not completed.
            "item_states": sorted(member_codes_on(o, today)) if adds_items else (),
            "item_bodies": bodies(o) if adds_items else (),
        },
    )


def _back(o, code, anchor=""):
    return redirect(f"/{o.code}/programmes/{code}/" + (f"#{anchor}" if anchor else ""))


def _do(request, o, code, anchor, fn, ok_message):
    try:
        fn()
    except InputError as exc:
        messages.error(request, f"{exc.field}: {exc.message}")
    except PermissionDenied:
        raise
    else:
        messages.success(request, ok_message)
    return _back(o, code, anchor)


@login_required
@require_POST
def file_report(request, org, code, pk):
    o = organisation(org)
    item = queries.item(o, code, pk)
    actor = request_actor(request, o)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = None
    return _do(
        request,
        o,
        code,
        f"item-{pk}",
        lambda: actions.file_report(
            actor,
            item,
            state=request.POST.get("state", ""),
            year=year,
            percent=request.POST.get("percent", ""),
            narrative=request.POST.get("narrative", ""),
            person=request.user,
        ),
        _("Report filed for %(code)s.") % {"code": item.code},
    )


@login_required
@require_POST
def move_item(request, org, code, pk):
    o = organisation(org)
    item = queries.item(o, code, pk)
    return _do(
        request,
        o,
        code,
        f"item-{pk}",
        lambda: actions.move_item(request_actor(request, o), item, request.POST.get("state", "")),
        _("Item %(code)s moved.") % {"code": item.code},
    )


@login_required
@require_POST
def advance(request, org, code):
    o = organisation(org)
    programme = queries.programme_row(o, code)
    on = None
    if request.POST.get("on"):
        try:
            on = date.fromisoformat(request.POST["on"])
        except ValueError:
            messages.error(request, _("on: not a date (YYYY-MM-DD)"))
            return _back(o, code)
    return _do(
        request,
        o,
        code,
        "lifecycle",
        lambda: actions.advance_programme(
            request_actor(request, o),
            programme,
            request.POST.get("state", ""),
            on=on,
            note=request.POST.get("note", ""),
        ),
        _("Programme moved."),
    )


@login_required
@require_POST
def add_item(request, org, code):
    """The Secretariat adds an action item: code, titles, responsible states and/or body, weight, deadline."""
    o = organisation(org)
    programme = queries.programme_row(o, code)
    post = request.POST

    def add():
        try:
            deadline = date.fromisoformat(post["deadline"]) if post.get("deadline") else None
        except ValueError:
            raise InputError("deadline", _("not a date (YYYY-MM-DD)")) from None
        return actions.add_item(
            request_actor(request, o),
            programme,
            code=post.get("code", ""),
            title_en=post.get("title_en", ""),
            title_ru=post.get("title_ru", ""),
            title_zh=post.get("title_zh", ""),
            weight=post.get("weight") or 1,
            deadline=deadline,
            responsible_states=post.getlist("responsible_states"),
            responsible_body=post.get("responsible_body") or None,
        )

    return _do(request, o, code, "add-item", add, _("Item %(code)s added.") % {"code": post.get("code", "")})


@login_required
@require_POST
def edit_item(request, org, code, pk):
    """The Secretariat changes an item's deadline or weight (a field left empty stays as it is)."""
    o = organisation(org)
    item = queries.item(o, code, pk)
    post = request.POST

    def edit():
        try:
            deadline = date.fromisoformat(post["deadline"]) if post.get("deadline") else None
        except ValueError:
            raise InputError("deadline", _("not a date (YYYY-MM-DD)")) from None
        return actions.update_item(
            request_actor(request, o), item, deadline=deadline, weight=post.get("weight") or None
        )

    return _do(request, o, code, f"item-{pk}", edit, _("Item %(code)s changed.") % {"code": item.code})


def dashboard_part(o, today) -> dict:
    """The chair's dashboard: programmes being carried out (live cycles first) and items due."""
    # Completed programmes are history: the chair follows the live cycles and those still running.
    programmes = sorted(
        (v for v in queries.programmes(o, today) if v.programme.state != "completed"),
        key=lambda v: not v.live,
    )
    return {
        "programmes": programmes,
        "programmes_chart": charts.programme_bars(programmes),
        "due": queries.items_due(o, today, today + DUE_WITHIN),
    }


class AccountabilityFilter(forms.Form):
    """The accountability page's one filter: the items a state answers for (unknown codes are refused)."""

    state = forms.ChoiceField(label=_lazy("Responsible state"), required=False)

    def __init__(self, data, states):
        super().__init__(data)
        self.fields["state"].choices = [("", _lazy("all states"))] + [(s.code, s.name) for s in states]


def accountability(request, org):
    """Public accountability, in Decidim's manner: each approved programme's items, who answers for them
    (states and bodies) and how far they are, as charts and a table; no reports' narratives, no notes."""
    o = organisation(org)
    views = queries.accountability(o, clock.today())
    by_state = queries.progress_by_state(views)
    form = AccountabilityFilter(request.GET, [s for s, _pct, _n in by_state])
    chosen = form.cleaned_data.get("state") if form.is_valid() else ""
    labels = {s: str(STATE_LABELS[s]) for s in charts.STATUS_ORDER}
    sections = []
    for v in views:
        rows = [
            {
                "view": iv,
                "pct": 100 if iv.item.state == "done" else round(float(iv.item.percent)),
                "bar": charts.item_bar(
                    100 if iv.item.state == "done" else iv.item.percent,
                    iv.item.state,
                    f"{iv.item.code}: {labels.get(iv.item.state, iv.item.state)}",
                ),
            }
            for iv in v.items
            if not chosen or chosen in iv.states
        ]
        if rows or not chosen:
            sections.append({"view": v, "rows": rows})
    return render(
        request,
        "programmes/accountability.html",
        {
            "org": o,
            "form": form,
            "chosen": chosen,
            "sections": sections,
            "overall": charts.programme_bars(views) if views else "",
            "stack": charts.status_stack(views, labels) if views else "",
            "by_state": charts.state_bars(
                [(s.name, pct, f"{s.name}: {pct:.0f}% ({n})") for s, pct, n in by_state]
            )
            if by_state
            else "",
            "legend": [(s, labels[s]) for s in charts.STATUS_ORDER],
        },
    )
