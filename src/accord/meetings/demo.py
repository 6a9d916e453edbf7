"""Demo sessions of the Kazakh chairmanship 2023-24: National Coordinators and RATS Council meetings,
agendas and documents. Dates, venues and agendas are written for the demo (illustrative)."""

from __future__ import annotations

from datetime import date

from accord.orgs.models import Session
from accord.programmes import demo as programmes_demo

from . import actions

ILLUSTRATIVE = "written for the demo"

# (body, number in the year, start, end, city en/ru/zh, venue)
SESSIONS = [
    (
        "CNC",
        1,
        date(2023, 9, 12),
        date(2023, 9, 14),
        ("Astana", "Астана", "阿斯塔纳"),
        "Palace of Independence",
    ),
    ("CNC", 2, date(2023, 11, 21), date(2023, 11, 23), ("Almaty", "Алматы", "阿拉木图"), ""),
    ("CNC", 1, date(2024, 2, 13), date(2024, 2, 15), ("Astana", "Астана", "阿斯塔纳"), ""),
    ("CNC", 2, date(2024, 4, 16), date(2024, 4, 18), ("Astana", "Астана", "阿斯塔纳"), ""),
    (
        "CNC",
        3,
        date(2024, 6, 24),
        date(2024, 6, 26),
        ("Astana", "Астана", "阿斯塔纳"),
        "Palace of Independence",
    ),
    (
        "RATS_COUNCIL",
        1,
        date(2023, 9, 28),
        date(2023, 9, 28),
        ("Tashkent", "Ташкент", "塔什干"),
        "RATS Executive Committee",
    ),
    (
        "RATS_COUNCIL",
        1,
        date(2024, 3, 28),
        date(2024, 3, 28),
        ("Tashkent", "Ташкент", "塔什干"),
        "RATS Executive Committee",
    ),
    (
        "RATS_COUNCIL",
        2,
        date(2024, 9, 19),
        date(2024, 9, 19),
        ("Tashkent", "Ташкент", "塔什干"),
        "RATS Executive Committee",
    ),
]


def load_sessions(ctx) -> None:
    """The demo's sessions, before the other apps' demos link their drafts and programme steps to them."""
    org = ctx.org
    for body, number, start, end, city, venue in SESSIONS:
        if Session.objects.filter(organisation=org, body__code=body, year=start.year, number=number).exists():
            continue
        actions.create_session(
            None,
            org,
            body=body,
            start=start,
            end=end,
            number=number,
            city_en=city[0],
            city_ru=city[1],
            city_zh=city[2],
            venue=venue,
            status="held" if start < date(2024, 6, 10) else "planned",
            illustrative=True,
        )


def load(ctx) -> None:
    """Agendas and documents, once the other apps' demos have made the drafts and programmes they take up."""
    org = ctx.org
    load_sessions(ctx)
    june_cnc = Session.objects.get(organisation=org, body__code="CNC", year=2024, number=3)
    if not june_cnc.agenda.exists():
        actions.add_agenda_item(
            None,
            june_cnc,
            title="Preparations for the Astana summit",
            order=1,
            circulated_on=date(2024, 5, 27),
        )
        actions.add_agenda_item(
            None,
            june_cnc,
            title="Draft Astana Declaration",
            order=2,
            circulated_on=date(2024, 6, 10),
            draft_ref="Draft Astana Declaration",
        )
        actions.add_document(
            None, june_cnc, title="Draft Astana Declaration (working text)", circulated_on=date(2024, 6, 10)
        )
    astana = Session.objects.filter(organisation=org, body__code="CHS", year=2024).first()
    if astana is not None and not astana.agenda.exists():
        for title in (
            "Astana Declaration of the Council of Heads of State",
            "On mechanisms of financial support for SCO project activities",
        ):
            actions.add_agenda_item(None, astana, title=title, circulated_on=date(2024, 6, 3))
        actions.add_document(
            None,
            astana,
            title="Draft agenda of the Astana summit (written for the demo)",
            circulated_on=date(2024, 6, 3),
        )
    ctx.logins.append(("kz-nc", "manages the CNC's sessions and agendas for the chair"))
    # Programmes awaiting a decision (the 2025-27 counter-terrorism programme at Astana) join the agendas.
    for programme, session in programmes_demo.awaiting(org):
        if not session.agenda.filter(programme=programme).exists():
            actions.add_agenda_item(
                None,
                session,
                title=programme.title_en,
                circulated_on=min(
                    session.start - programmes_demo.CIRCULATED_BEFORE, programmes_demo.DEMO_DAY
                ),
                programme=programme,
            )
