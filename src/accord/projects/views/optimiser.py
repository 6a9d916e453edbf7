"""The funding-gap optimiser: its runs, one run (also as CSV), two runs compared."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.base.registry import PRIORITY_SOURCES
from accord.core.errors import InputError

from .. import actions, queries
from ..charts import bar_chart
from ._shared import _csv, _ctx


def _run_view(o, run):
    titles, names = queries.names(o)
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
    o, actor = _ctx(request, org, "allocation.run")
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
    o, actor = _ctx(request, org, "allocation.run")
    return render(request, "projects/run.html", {"org": o, **_run_view(o, queries.run(o, pk))})


def run_csv(request, org, pk):
    o, actor = _ctx(request, org, "allocation.run")
    run = queries.run(o, pk)
    rows = [("funded", a["project"], a["funder"], a["amount"]) for a in run.result["allocations"]]
    rows += [("gap", g["project"], "", g["gap"]) for g in run.result["unfunded"]]
    return _csv(
        f"allocation-run-{run.pk}.csv", ["kind", "project", "funder", f"amount_{run.base_currency}"], rows
    )


def compare(request, org):
    o, actor = _ctx(request, org, "allocation.run")
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
