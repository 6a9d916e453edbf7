"""Projects: proposed by a delegation, moved through the PROJECT workflow, published to investors."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext

from accord.audit.log import record
from accord.base import clock, validators
from accord.core.errors import InputError
from accord.core.workflow import check_transition
from accord.core.workflows import DELEGATE, PROJECT, SECRETARIAT
from accord.orgs.models import Organisation, State
from accord.orgs.permissions import Actor, require

from ..events import ProjectsEvent
from ..models import STAGE_LABELS, ExpectedResult, Project
from ..permissions import require_move
from ..sectors import SECTORS
from ._shared import _new_code, _states


def propose_project(
    actor: Actor,
    org: Organisation,
    *,
    code: str,
    title: str,
    description: str,
    sector: str,
    countries,
    lead_state: str,
    interested_states=(),
    cost,
    currency: str,
    start: date,
    end: date,
    results=(),
    priority: int = 1,
    submit: bool = True,
    illustrative: bool = False,
) -> Project:
    """A member state's delegation proposes a project led by its state (as a concept if not `submit`)."""
    lead = lead_state.strip().upper() if isinstance(lead_state, str) else ""
    require(actor, "project.propose", state=lead)
    exists = gettext("project %(code)s already exists")
    code = _new_code(Project, org, code, exists)
    title = validators.text(title, "title")
    description = validators.text(description, "description", max_length=10_000, multiline=True)
    if sector not in SECTORS:
        raise InputError(
            "sector",
            gettext("unknown sector %(sector)s; known: %(known)s")
            % {"sector": repr(sector), "known": ", ".join(SECTORS)},
        )
    hosts = _states(countries, "countries")
    interested = _states(interested_states, "interested_states", allow_empty=True)
    if lead not in interested:
        interested.insert(0, lead)
    amount = validators.amount(cost, "cost")
    cur = validators.currency(currency)
    if not isinstance(start, date):
        raise InputError("start", gettext("is required (YYYY-MM-DD)"))
    if not isinstance(end, date):
        raise InputError("end", gettext("is required (YYYY-MM-DD)"))
    if end < start:
        raise InputError("end", gettext("is before the start"))
    if not isinstance(priority, int) or not 1 <= priority <= 5:
        raise InputError("priority", gettext("must be a whole number from 1 to 5"))
    checked = []
    for i, r in enumerate(results or []):
        checked.append(
            ExpectedResult(
                title=validators.text(r.get("title"), f"results[{i}].title"),
                indicator=validators.text(r.get("indicator"), f"results[{i}].indicator"),
                baseline=validators.text(
                    r.get("baseline"), f"results[{i}].baseline", max_length=100, required=False
                ),
                target=validators.text(r.get("target"), f"results[{i}].target", max_length=100),
                order=i,
            )
        )
    now = clock.now()
    stage = PROJECT.initial
    if submit:
        check_transition(PROJECT, stage, "proposed")
        stage = "proposed"
    with validators.unique("code", exists % {"code": repr(code)}):
        project = Project.objects.create(
            organisation=org,
            code=code,
            title=title,
            description=description,
            sector=sector,
            countries=hosts,
            lead_state=State.objects.get(code=lead),
            interested_states=interested,
            cost=amount,
            currency=cur,
            start=start,
            end=end,
            stage=stage,
            priority=priority,
            illustrative=bool(illustrative),
            created=now,
            stage_changed=now,
            proposed_by_id=actor.person_id,
        )
        for r in checked:
            r.project = project
        ExpectedResult.objects.bulk_create(checked)
        record(
            ProjectsEvent.PROJECT_PROPOSE,
            actor=actor,
            target=project,
            payload={
                "code": code,
                "stage": stage,
                "cost": str(amount),
                "currency": cur,
                "lead_state": lead,
            },
        )
    return project


def move_project(
    actor: Actor,
    project: Project,
    target: str,
    *,
    decision_reference: str = "",
    decision_date: date | None = None,
) -> Project:
    """Move a project to another stage of the PROJECT workflow; endorsement names the decision."""
    move = check_transition(PROJECT, project.stage, target)
    require_move(actor, project, move.permission)
    if move.permission not in (DELEGATE, SECRETARIAT):
        raise InputError(
            "stage",
            gettext("%(source)s -> %(target)s is not made by a person")
            % {"source": STAGE_LABELS[project.stage], "target": STAGE_LABELS.get(target, target)},
        )
    reference = validators.text(decision_reference, "decision_reference", required=False)
    if target == "endorsed" and not reference:
        raise InputError("decision_reference", gettext("name the decision that endorsed the project"))
    with transaction.atomic():
        source = project.stage
        project.stage = target
        project.stage_changed = clock.now()
        fields = ["stage", "stage_changed"]
        if target == "endorsed":
            project.decision_reference = reference
            project.decision_date = decision_date
            fields += ["decision_reference", "decision_date"]
        project.save(update_fields=fields)
        record(
            ProjectsEvent.PROJECT_MOVE,
            actor=actor,
            target=project,
            payload={
                "from": source,
                "to": target,
                "decision_reference": reference,
                "decision_date": decision_date,
            },
        )
    return project


def publish_project(actor: Actor, project: Project, published: bool = True) -> Project:
    """Publishing shows the project to investors and the public (and in the IATI export)."""
    require(actor, "project.manage")
    if published and project.stage in ("concept", "dropped"):
        raise InputError(
            "published",
            gettext("a project in stage %(stage)s cannot be published")
            % {"stage": STAGE_LABELS[project.stage]},
        )
    with transaction.atomic():
        project.published = published
        project.save(update_fields=["published"])
        record(ProjectsEvent.PROJECT_PUBLISH, actor=actor, target=project, payload={"published": published})
    return project
