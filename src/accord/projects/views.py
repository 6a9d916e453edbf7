"""Pages of the projects app: thin, they read through `queries` and write through `actions`."""

from __future__ import annotations

import csv
import re
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.base.registry import PRIORITY_SOURCES, PROJECT_PANELS
from accord.core.errors import InputError
from accord.core.workflow import allowed_targets
from accord.core.workflows import COMMITMENT, PROJECT
from accord.orgs.permissions import allowed, require
from accord.orgs.queries import organisation, request_actor

from . import actions, queries
from .charts import bar_chart, funding_bar
from .exports import reporting_ref
from .models import INSTRUMENTS, STAGE_LABELS, Commitment, Funder, Project
from .permissions import may_move
from .sectors import SECTOR_CHOICES, SECTORS

_ID = re.compile(r"[0-9]{1,18}")


def _ctx(request, org):
    o = organisation(org)
    return o, request_actor(request, o)


# A spreadsheet runs a cell beginning with one of these as a formula; titles are typed by users.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA) else value


def _csv(name: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return response


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
    mine = list(Commitment.objects.filter(project=project, funder__in=funders).select_related("funder"))
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


def _date(value: str | None, field: str) -> date:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        raise InputError(field, _("is required (YYYY-MM-DD)")) from None


def _post(request, o, code, fn):
    """Run a write from a form; a refusal for bad input comes back as a message naming the field."""
    try:
        fn()
    except InputError as exc:
        messages.error(request, f"{exc.field}: {exc.message}")
    return redirect("projects:detail", org=o.code, code=code)


@require_POST
def move(request, org, code):
    o, actor = _ctx(request, org)
    project = queries.project_for(actor, o, code)
    return _post(
        request,
        o,
        code,
        lambda: actions.move_project(
            actor,
            project,
            request.POST.get("stage", ""),
            decision_reference=request.POST.get("decision_reference", ""),
            decision_date=_date(request.POST["decision_date"], "decision_date")
            if request.POST.get("decision_date")
            else None,
        ),
    )


@require_POST
def publish(request, org, code):
    o, actor = _ctx(request, org)
    project = queries.project_for(actor, o, code)
    return _post(
        request,
        o,
        code,
        lambda: actions.publish_project(actor, project, request.POST.get("published") == "1"),
    )


@require_POST
def interest(request, org, code):
    o, actor = _ctx(request, org)
    project = queries.project_for(actor, o, code)
    # A funder id that is not a plain number names no funder (was a 500 for anyone).
    pk = request.POST.get("funder", "")
    funder = Funder.objects.filter(organisation=o, pk=pk).first() if _ID.fullmatch(pk) else None
    if funder is None:
        raise Http404("no such funder")

    def do():
        actions.register_interest(actor, project, funder, request.POST.get("note", ""))
        messages.success(request, _("Interest registered for %(funder)s.") % {"funder": funder.name})

    return _post(request, o, code, do)


@require_POST
def commitment_move(request, org, pk):
    o, actor = _ctx(request, org)
    require(actor, "commitment.register")
    c = (
        Commitment.objects.filter(pk=pk, project__organisation=o, funder__representatives__pk=actor.person_id)
        .select_related("project", "funder")
        .first()
    )
    if c is None:
        raise Http404("no such commitment")
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
    o, actor = _ctx(request, org)
    require(actor, "commitment.register")
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
    o, actor = _ctx(request, org)
    require(actor, "commitment.view_all")
    return render(
        request, "projects/commitments.html", {"org": o, "commitments": list(queries.commitments(o))}
    )


def commitments_csv(request, org):
    o, actor = _ctx(request, org)
    require(actor, "commitment.view_all")
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
            "illustrative": queries.visible_projects(actor, o).filter(illustrative=True).exists(),
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


def _run_view(o, run):
    titles = dict(Project.objects.filter(organisation=o).values_list("code", "title"))
    names = dict(Funder.objects.filter(organisation=o).values_list("code", "name"))
    costs = {p["id"]: p["cost"] for p in run.snapshot["projects"]}
    res = run.result
    return {
        "run": run,
        "titles": titles,
        "allocations": [
            dict(a, title=titles.get(a["project"], ""), funder_name=names.get(a["funder"], a["funder"]))
            for a in res["allocations"]
        ],
        "funded": [(code, titles.get(code, ""), costs.get(code, 0)) for code in res["funded"]],
        "unfunded": [dict(g, title=titles.get(g["project"], "")) for g in res["unfunded"]],
        "gap_chart": bar_chart(
            [(g["project"], Decimal(str(g["gap"]))) for g in res["unfunded"]],
            _("Gaps that remain after this run"),
            run.base_currency,
            ident="chart-run-gaps",
        ),
        "capital": sum(f["capital"] for f in run.snapshot["funders"]),
        "allocated": sum(a["amount"] for a in res["allocations"]),
        "gap_total": sum(g["gap"] for g in res["unfunded"]),
    }


def optimiser(request, org):
    o, actor = _ctx(request, org)
    require(actor, "allocation.run")
    return render(
        request,
        "projects/optimiser.html",
        {"org": o, "runs": queries.runs(o), "network_priority": "network" in PRIORITY_SOURCES},
    )


@require_POST
def optimiser_run(request, org):
    o, actor = _ctx(request, org)
    try:
        run = actions.run_allocation(
            actor, o, request.POST.get("note", ""), priority=request.POST.get("priority", "")
        )
    except InputError as exc:
        messages.error(request, f"{exc.field}: {exc.message}")
        return redirect("projects:optimiser", org=o.code)
    if request.headers.get("HX-Request"):
        return render(request, "projects/_run.html", {"org": o, **_run_view(o, run)})
    return redirect("projects:run", org=o.code, pk=run.pk)


def run_detail(request, org, pk):
    o, actor = _ctx(request, org)
    require(actor, "allocation.run")
    return render(request, "projects/run.html", {"org": o, **_run_view(o, queries.run(o, pk))})


def run_csv(request, org, pk):
    o, actor = _ctx(request, org)
    require(actor, "allocation.run")
    run = queries.run(o, pk)
    rows = [("funded", a["project"], a["funder"], a["amount"]) for a in run.result["allocations"]]
    rows += [("gap", g["project"], "", g["gap"]) for g in run.result["unfunded"]]
    return _csv(
        f"allocation-run-{run.pk}.csv", ["kind", "project", "funder", f"amount_{run.base_currency}"], rows
    )


def compare(request, org):
    o, actor = _ctx(request, org)
    require(actor, "allocation.run")
    try:
        a, b = queries.run(o, int(request.GET.get("a", 0))), queries.run(o, int(request.GET.get("b", 0)))
    except ValueError:
        raise Http404("choose two runs") from None
    va, vb = _run_view(o, a), _run_view(o, b)
    codes = sorted(
        {g["project"] for g in a.result["unfunded"] + b.result["unfunded"]}
        | set(a.result["funded"])
        | set(b.result["funded"])
    )
    rows = []
    for code in codes:
        ga = next((g["gap"] for g in a.result["unfunded"] if g["project"] == code), 0.0)
        gb = next((g["gap"] for g in b.result["unfunded"] if g["project"] == code), 0.0)
        rows.append(
            {
                "code": code,
                "title": va["titles"].get(code, ""),
                "a": code in a.result["funded"],
                "b": code in b.result["funded"],
                "gap_a": ga,
                "gap_b": gb,
                "changed": ga != gb,
            }
        )
    return render(
        request,
        "projects/compare.html",
        {
            "org": o,
            "a": va,
            "b": vb,
            "rows": rows,
            "url": reverse("projects:optimiser", kwargs={"org": o.code}),
        },
    )


def dashboard_part(o, today) -> dict:
    """The chair's dashboard: the financing gap of the pipeline."""
    funding = queries.funding_gap_summary(o)
    return {"funding": funding, "funding_chart": funding_bar(funding)}
