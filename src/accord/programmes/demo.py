"""Demo programmes: the counter-terrorism programme's cycles (2019-21, 2022-24 and 2025-27) and the
Kazakh chairmanship's five priorities. Action items, weights, deadlines and reports are written for the
demo (illustrative), modelled on the kinds of activity in DOMAIN.md §4; the item texts are not public."""

from __future__ import annotations

from datetime import date

from accord.meetings.models import Session

from . import actions
from .models import Programme

CT_TITLE = "Programme of Cooperation in Countering Terrorism, Separatism and Extremism"
CT_TITLE_RU = "Программа сотрудничества в борьбе с терроризмом, сепаратизмом и экстремизмом"
CT_TITLE_ZH = "打击恐怖主义、分裂主义和极端主义合作纲要"
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


def _session(org, body: str, year: int):
    return Session.objects.filter(organisation=org, body__code=body, year=year, regular=True).first()


def _cycle(org, start: int, *, chs_year: int, chs_day: date, rats_day: date, live_until: str) -> Programme:
    code = f"ct-{start}-{str(start + 2)[2:]}"
    p = Programme.objects.filter(organisation=org, code=code).first()
    if p is not None:
        return p
    p = actions.create_programme(
        None,
        org,
        code=code,
        title_en=f"{CT_TITLE} {start}–{start + 2}",
        title_ru=f"{CT_TITLE_RU} {start}–{start + 2}",
        title_zh=f"{CT_TITLE_ZH} {start}–{start + 2}",
        start_year=start,
        end_year=start + 2,
        reviewing_body="RATS_COUNCIL",
        approving_body="CHS",
        illustrative=True,
        description="The programme's action items are not public: the items, weights, deadlines and reports "
        "here are written for the demo.",
        source="DOMAIN.md §4 (cycles, lifecycle; 2025-27 approved at Astana 4 Jul 2024)",
    )
    actions.advance_programme(
        None,
        p,
        "approved_by_rats_council",
        on=rats_day,
        note="RATS Council meeting date written for the demo",
    )
    if live_until == "approved_by_rats_council":
        return p
    actions.advance_programme(None, p, "approved_by_chs", on=chs_day, session=_session(org, "CHS", chs_year))
    actions.advance_programme(None, p, "in_implementation", on=date(start, 1, 1))
    return p


def _items(p: Programme, reports: dict[str, list[tuple[str, int, int]]], states: dict[str, str]) -> None:
    if p.items.exists():
        return
    for code, title, weight, responsible, body, years in CT_ITEMS:
        item = actions.add_item(
            None,
            p,
            code=code,
            title_en=title,
            weight=weight,
            deadline=date(p.start_year + years, 11, 30),
            responsible_states=responsible,
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


def load(ctx) -> None:
    org = ctx.org
    done = "in_progress done"
    old = _cycle(
        org,
        2019,
        chs_year=2018,
        chs_day=date(2018, 6, 10),
        rats_day=date(2018, 4, 5),
        live_until="in_implementation",
    )
    if not old.items.exists():
        _items(old, {}, dict.fromkeys("1234567", done))
        for target in (
            "report_submitted",
            "report_reviewed_by_rats_council",
            "report_approved_by_chs",
            "completed",
        ):
            actions.advance_programme(None, old, target, on=date(2022, 9, 16))
    current = _cycle(
        org,
        2022,
        chs_year=2021,
        chs_day=date(2021, 9, 17),
        rats_day=date(2021, 4, 8),
        live_until="in_implementation",
    )
    _items(
        current,
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
    upcoming = _cycle(
        org,
        2025,
        chs_year=2024,
        chs_day=date(2024, 7, 4),
        rats_day=date(2024, 3, 28),
        live_until="approved_by_rats_council",
    )
    _items(upcoming, {}, {})
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
            source="DOMAIN.md §5 (the five priorities); items' progress written for the demo",
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
