"""Demo programmes: the counter-terrorism programme's cycles (2019-21, 2022-24 and 2025-27) and the
Kazakh chairmanship's five priorities.

The cycles and the decisions that moved them come from the reference data (data/<org>/programmes.json),
with their sources; only the decisions dated up to the demo clock's first day are recorded, and the next
one, if its session is still ahead, is put on that session's agenda. So on 10 June 2024 the 2025-27 cycle
awaits the Council of Heads of State at Astana while 2022-24 runs its final year. Action items, weights,
deadlines and reports are written for the demo (illustrative), modelled on the kinds of activity in
docs/sco-facts.md §4; the item texts are not public."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from importlib import resources

from accord.base.demo import DEMO_CLOCK_START
from accord.orgs.models import Session, Status, StatusKind

from . import actions
from .models import Programme

DEMO_DAY = datetime.fromisoformat(DEMO_CLOCK_START).date()
# A pending decision's text reaches delegations this long before its session (like the rest of the
# Astana agenda in the meetings demo): written for the demo.
CIRCULATED_BEFORE = timedelta(days=31)
MEMBERS = ["CN", "IN", "IR", "KG", "KZ", "PK", "RU", "TJ", "UZ"]

# (code, title, weight, responsible states, responsible body, deadline offset in years from the start)
CT_ITEMS = [
    ("1", "Joint anti-terrorist command-staff exercise", 3, ["KZ", "CN", "KG", "RU", "TJ", "UZ"], None, 1),
    (
        "2",
        "Joint border operation against terrorist movement across borders",
        2,
        ["KZ", "KG", "TJ", "UZ"],
        None,
        1,
    ),
    ("3", "Measures against recruitment into terrorist organisations online", 2, MEMBERS, None, 2),
    (
        "4",
        "Information campaign against the ideology of terrorism and extremism",
        1,
        ["KZ", "IN", "PK"],
        None,
        2,
    ),
    ("5", "Memorandum of understanding with the CIS Anti-Terrorism Centre", 1, [], "RATS_COUNCIL", 0),
    ("6", "Memorandum of cooperation with the CSTO Secretariat", 1, [], "RATS_COUNCIL", 1),
    ("7", "Update of the unified register of wanted persons", 1, MEMBERS, None, 2),
]

PRIORITIES = [
    ("1", "Improving the SCO"),
    ("2", "Security and stability"),
    ("3", "Economic and trade ties"),
    ("4", "Cultural and humanitarian ties"),
    ("5", "Expansion and international ties"),
]


def _reference(org) -> list[dict]:
    path = resources.files("accord.data").joinpath(org.code, "programmes.json")
    return json.loads(path.read_text(encoding="utf-8"))["programmes"] if path.is_file() else []


def _session(org, body: str | None, on: date) -> Session | None:
    """The session of `body` under way on `on` (a decision's date), if the data has it."""
    if not body:
        return None
    return (
        Session.objects.filter(organisation=org, body__code=body, start__lte=on, end__gte=on)
        .order_by("start")
        .first()
    )


def _cycle(org, series: dict, cycle: dict) -> Programme:
    p = Programme.objects.filter(organisation=org, code=cycle["code"]).first()
    if p is not None:
        return p
    start, end = cycle["start_year"], cycle["end_year"]
    title = series["title"]
    p = actions.create_programme(
        None,
        org,
        code=cycle["code"],
        series=series["series"],
        title_en=f"{title['en']} {start}–{end}",
        title_ru=f"{title['ru']} {start}–{end}",
        title_zh=f"{title['zh']} {start}–{end}",
        start_year=start,
        end_year=end,
        reviewing_body=series["reviewing_body"],
        approving_body=series["approving_body"],
        illustrative=True,
        description="The programme's action items are not public: the items, weights, deadlines and reports "
        "here are written for the demo.",
        source=series["source"],
    )
    for step in cycle["steps"]:
        on = date.fromisoformat(step["on"])
        session = _session(org, step["body"], on)
        if on > DEMO_DAY:
            break
        actions.advance_programme(
            None,
            p,
            step["state"],
            on=on,
            session=session,
            note=step["note"],
            source=step["source"],
            secondary=step["secondary"],
            illustrative=step["illustrative"],
        )
    return p


def _items(p: Programme, reports: dict[str, list[tuple[str, int, int]]], states: dict[str, str]) -> None:
    if p.items.exists():
        return
    # Only states that are members by the cycle's end (Iran from 2023) take part in its items.
    members = set(
        Status.objects.filter(
            Status.on(date(p.end_year, 12, 31)), organisation=p.organisation, kind=StatusKind.MEMBER
        ).values_list("state__code", flat=True)
    )
    for code, title, weight, responsible, body, years in CT_ITEMS:
        item = actions.add_item(
            None,
            p,
            code=code,
            title_en=title,
            weight=weight,
            deadline=date(p.start_year + years, 11, 30),
            responsible_states=[s for s in responsible if s in members],
            responsible_body=body,
        )
        for state, year, percent in reports.get(code, []):
            actions.file_report(
                None,
                item,
                state=state,
                year=year,
                percent=percent,
                narrative="Report written for the demo (illustrative).",
            )
        for target in states.get(code, "").split():
            actions.move_item(None, item, target)


def awaiting(org) -> list[tuple[Programme, Session]]:
    """Each demo programme with the session of its next step after the demo's day: the decision it awaits
    (the meetings demo puts it on that session's agenda)."""
    out = []
    for series in _reference(org):
        for cycle in series["cycles"]:
            p = Programme.objects.filter(organisation=org, code=cycle["code"]).first()
            step = next((s for s in cycle["steps"] if date.fromisoformat(s["on"]) > DEMO_DAY), None)
            session = step and _session(org, step["body"], date.fromisoformat(step["on"]))
            if p is not None and session:
                out.append((p, session))
    return out


def load(ctx) -> None:
    org = ctx.org
    cycles = {c["code"]: _cycle(org, series, c) for series in _reference(org) for c in series["cycles"]}
    done = "in_progress done"
    _items(cycles["ct-2019-21"], {}, dict.fromkeys("1234567", done))
    _items(
        cycles["ct-2022-24"],
        {
            "1": [("KZ", 2023, 100), ("CN", 2023, 100), ("RU", 2023, 80), ("KG", 2023, 60)],
            "2": [("KZ", 2023, 70), ("UZ", 2023, 50)],
            "3": [(s, 2023, 40) for s in ("KZ", "CN", "RU", "TJ")],
            "4": [("KZ", 2023, 50)],
            "7": [(s, 2023, 60) for s in ("CN", "KZ", "RU", "UZ")],
        },
        {
            "1": "in_progress",
            "2": "in_progress",
            "3": "in_progress",
            "4": "in_progress delayed",
            "5": done,
            "6": "in_progress",
            "7": "in_progress",
        },
    )
    # Drafted with the programme, awaiting its approval: planned, nothing reported.
    _items(cycles["ct-2025-27"], {}, {})
    if not Programme.objects.filter(organisation=org, code="kz-priorities-2023-24").exists():
        p = actions.create_programme(
            None,
            org,
            code="kz-priorities-2023-24",
            kind="priorities",
            title_en="Priorities of Kazakhstan's chairmanship 2023–2024",
            title_ru="Приоритеты председательства Казахстана 2023–2024",
            title_zh="哈萨克斯坦担任轮值主席国期间的优先方向 2023–2024",
            start_year=2023,
            end_year=2024,
            illustrative=True,
            source="docs/sco-facts.md §5 (the five priorities); items' progress written for the demo",
        )
        for code, title in PRIORITIES:
            item = actions.add_item(
                None, p, code=code, title_en=title, deadline=date(2024, 7, 4), responsible_states=["KZ"]
            )
            actions.move_item(None, item, "in_progress")
            actions.file_report(
                None,
                item,
                state="KZ",
                year=2024,
                percent=50 + 10 * int(code) % 40,
                narrative="Progress written for the demo (illustrative).",
            )
    ctx.logins.append(("kz-delegate", "files Kazakhstan's yearly programme reports"))
