"""The pipeline of projects: the list and its CSV files, a project's page, proposing, stage moves,
publishing, the financing dashboard."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.base.registry import PROJECT_PANELS
from accord.core.errors import InputError
from accord.core.workflow import allowed_targets
from accord.core.workflows import COMMITMENT, PROJECT
from accord.orgs.permissions import allowed, require

from .. import actions, queries
from ..charts import bar_chart, funding_bar
from ..exports import reporting_ref
from ..models import INSTRUMENTS, STAGE_LABELS
from ..permissions import may_move
from ..sectors import SECTOR_CHOICES, SECTORS
from ._shared import _csv, _ctx, _date, _post


def index(request, org):
    o, actor = _ctx(request, org)
    rates = queries.Rates()
    rows = queries.positions(list(queries.visible_projects(actor, o)), rates)
    return render(
        request,
        "projects/index.html",
        {
            "org": o,
            "rows": rows,
            "base": rates.base,
            "can_propose": bool(actor.delegation_states & actor.member_states),
            "can_manage": allowed(actor, "project.manage"),
            "investor": actor.investor,
            "sees_commitments": allowed(actor, "commitment.view_all"),
        },
    )


def projects_csv(request, org):
    o, actor = _ctx(request, org)
    rates = queries.Rates()
    rows = queries.positions(list(queries.visible_projects(actor, o)), rates)
    return _csv(
        "projects.csv",
        [
            "code",
            "iati_identifier",
            "title",
            "sector",
            "dac_code",
            "countries",
            "lead_state",
            "participating_states",
            "stage",
            "published",
            "start",
            "end",
            "decision_reference",
            "decision_date",
            "cost",
            "currency",
            f"cost_{rates.base}",
            f"firm_{rates.base}",
            f"soft_{rates.base}",
            f"gap_{rates.base}",
            "error",
            "illustrative",
        ],
        [
            (
                r.project.code,
                f"{reporting_ref(o)}-{r.project.code}",
                r.project.title,
                r.project.sector,
                SECTORS[r.project.sector][1],
                " ".join(r.project.countries),
                r.project.lead_state.code,
                " ".join(r.project.interested_states),
                r.project.stage,
                "yes" if r.project.published else "no",
                r.project.start.isoformat(),
                r.project.end.isoformat(),
                r.project.decision_reference,
                r.project.decision_date.isoformat() if r.project.decision_date else "",
                r.project.cost,
                r.project.currency,
                r.cost,
                r.firm,
                r.soft,
                r.gap,
                r.error or "",
                "yes" if r.project.illustrative else "no",
            )
            for r in rows
        ],
    )


def budgets_csv(request, org):
    """Each visible project's cost by calendar year, as in the IATI export."""
    o, actor = _ctx(request, org)
    return _csv(
        "budgets.csv",
        ["project", "period_start", "period_end", "amount", "currency"],
        [
            (p.code, b.start.isoformat(), b.end.isoformat(), b.amount, p.currency)
            for p in queries.visible_projects(actor, o)
            for b in p.budgets
        ],
    )


def detail(request, org, code):
    o, actor = _ctx(request, org)
    project = queries.project_for(actor, o, code)
    rates = queries.Rates()
    position = queries.positions([project], rates)[0]
    moves = []
    for target in allowed_targets(PROJECT, project.stage):
        move = next(m for m in PROJECT.transitions if m.source == project.stage and m.target == target)
        if may_move(actor, project, move.permission):
            moves.append((target, STAGE_LABELS[target]))
    funders = queries.funders_of(actor, o) if actor.investor else []
    mine = queries.commitments_of(project, funders)
    taken = {c.funder_id for c in mine}
    # Other apps' sections about this project (base.registry), e.g. its effect on the transport network.
    panels = []
    for panel in PROJECT_PANELS:
        values = panel.values(o, project)
        if values is not None:
            panels.append(render_to_string(panel.template, {"org": o, "project": project, **values}, request))
    return render(
        request,
        "projects/detail.html",
        {
            "org": o,
            "project": project,
            "position": position,
            "base": rates.base,
            "sector": SECTORS[project.sector],
            "moves": moves,
            "can_manage": allowed(actor, "project.manage"),
            "interest_funders": [f for f in funders if f.pk not in taken] if project.published else [],
            "mine": [(c, [(t, t) for t in allowed_targets(COMMITMENT, c.state)]) for c in mine],
            "instruments": INSTRUMENTS,
            "panels": panels,
        },
    )


def propose(request, org):
    o, actor = _ctx(request, org)
    states = sorted(
        actor.states_with(frozenset({"head", "delegate", "national_coordinator"})) & actor.member_states
    )
    if not states:
        require(actor, "project.propose", state="")
    values = request.POST if request.method == "POST" else {"currency": "USD", "lead_state": states[0]}
    error = None
    if request.method == "POST":
        try:
            results = []
            for i in range(3):
                if request.POST.get(f"result_{i}_title"):
                    results.append(
                        {k: request.POST.get(f"result_{i}_{k}", "") for k in ("title", "indicator", "target")}
                    )
            project = actions.propose_project(
                actor,
                o,
                code=request.POST.get("code", ""),
                title=request.POST.get("title", ""),
                description=request.POST.get("description", ""),
                sector=request.POST.get("sector", ""),
                countries=request.POST.get("countries", ""),
                lead_state=request.POST.get("lead_state", ""),
                interested_states=request.POST.get("interested_states", ""),
                cost=request.POST.get("cost"),
                currency=request.POST.get("currency", ""),
                start=_date(request.POST.get("start"), "start"),
                end=_date(request.POST.get("end"), "end"),
                results=results,
                submit=request.POST.get("submit") != "concept",
            )
        except InputError as exc:
            error = exc
        else:
            messages.success(request, _("Project %(code)s proposed.") % {"code": project.code})
            return redirect("projects:detail", org=o.code, code=project.code)
    return render(
        request,
        "projects/propose.html",
        {
            "org": o,
            "states": states,
            "sectors": SECTOR_CHOICES,
            "values": values,
            "error": error,
        },
        status=422 if error else 200,
    )


def _on_project(request, org, code, write):
    """A form's write `write(actor, project)` on a project the reader may see, then back to its page."""
    o, actor = _ctx(request, org)
    project = queries.project_for(actor, o, code)
    return _post(request, o, code, lambda: write(actor, project))


@require_POST
def move(request, org, code):
    decision_date = request.POST.get("decision_date")
    return _on_project(
        request,
        org,
        code,
        lambda actor, project: actions.move_project(
            actor,
            project,
            request.POST.get("stage", ""),
            decision_reference=request.POST.get("decision_reference", ""),
            decision_date=_date(decision_date, "decision_date") if decision_date else None,
        ),
    )


@require_POST
def publish(request, org, code):
    published = request.POST.get("published") == "1"
    return _on_project(
        request, org, code, lambda actor, project: actions.publish_project(actor, project, published)
    )


def dashboard(request, org):
    o, actor = _ctx(request, org)
    data = queries.dashboard(o, actor)
    base = data["rates"].base
    sector_names = {k: str(v[0]) for k, v in SECTORS.items()}
    return render(
        request,
        "projects/dashboard.html",
        {
            "org": o,
            "base": base,
            "illustrative": queries.any_illustrative(actor, o),
            "gap_by_sector": bar_chart(
                [(sector_names[s], v) for s, v in data["by_sector"]],
                _("Funding gap by sector"),
                base,
                ident="chart-gap-sector",
            ),
            "gap_by_country": bar_chart(
                data["by_country"], _("Funding gap by country"), base, ident="chart-gap-country"
            ),
            "gap_by_stage": bar_chart(
                [(str(STAGE_LABELS[s]), v) for s, v in data["by_stage"]],
                _("Funding gap by stage"),
                base,
                ident="chart-gap-stage",
            ),
            "funnel": bar_chart(
                [(str(STAGE_LABELS[s]), Decimal(n)) for s, n in data["funnel"]],
                _("Pipeline funnel: projects that reached each stage"),
                "",
                "var(--accent)",
                ident="chart-funnel",
            ),
            "over_time": bar_chart(
                [(m, firm + soft) for m, soft, firm in data["over_time"]],
                _("Soft and firm commitments, cumulative"),
                base,
                "var(--ok)",
                ident="chart-time",
            ),
            "over_time_rows": data["over_time"],
            "totals": {
                "cost": sum((p.cost for p in data["positions"]), Decimal(0)),
                "firm": sum((p.committed for p in data["positions"]), Decimal(0)),
                "gap": sum((p.gap for p in data["positions"]), Decimal(0)),
            },
        },
    )


def dashboard_part(o, today) -> dict:
    """The chair's dashboard: the financing gap of the pipeline."""
    funding = queries.funding_gap_summary(o)
    return {"funding": funding, "funding_chart": funding_bar(funding)}
