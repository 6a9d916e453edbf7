"""Demo pipeline of regional projects and funders modelled on docs/sco-facts.md §5.

Every project, figure and commitment here is illustrative, written for the demo: the institutions are
real, their mandates and amounts are invented.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from accord.base import clock
from accord.base.demo import DEMO_PASSWORD, DemoContext
from accord.orgs.actions import add_affiliation, create_person
from accord.orgs.models import Person
from accord.orgs.queries import actor_for

from . import actions
from .models import AllocationRun, Commitment, ExchangeRate, Funder, Project

ILLUSTRATIVE = " (Illustrative project written for the demo; figures are invented.)"
ALL = ["BY", "CN", "IN", "IR", "KG", "KZ", "PK", "RU", "TJ", "UZ"]

# code, title, sector, countries, lead, interested, cost, currency, years, results, stage, published
PROJECTS = [
    (
        "kz-transcaspian-rail",
        "Trans-Caspian rail corridor: Dostyk–Aktau double tracking",
        "rail",
        ["KZ", "CN"],
        "kz-delegate",
        ["CN", "UZ"],
        "1450000000",
        "USD",
        (2025, 2029),
        [("Faster China–Europe transit", "days Dostyk–Aktau by container train", "5", "3")],
        "financing",
        True,
    ),
    (
        "kz-western-europe-western-china",
        "Western Europe–Western China road: Kyzylorda bypass",
        "transport",
        ["KZ"],
        "kz-head",
        ["CN", "RU"],
        "380000000",
        "USD",
        (2025, 2027),
        [("Road capacity", "vehicles per day", "8000", "20000")],
        "endorsed",
        True,
    ),
    (
        "kg-casa-grid",
        "Central Asia regional grid interconnector (Kyrgyzstan–Kazakhstan)",
        "energy",
        ["KG", "KZ"],
        "kg-delegate",
        ["KZ", "TJ"],
        "620000000",
        "USD",
        (2025, 2030),
        [("Cross-border power trade", "GWh traded per year", "300", "2000")],
        "financing",
        True,
    ),
    (
        "uz-solar-parks",
        "Solar parks for the Fergana valley",
        "energy",
        ["UZ"],
        "uz-delegate",
        ["KZ"],
        "2800000000000",
        "UZS",
        (2025, 2028),
        [("Renewable capacity", "MW installed", "0", "500")],
        "endorsed",
        True,
    ),
    (
        "kz-digital-silk-way",
        "Digital Silk Way: cross-border fibre backbone",
        "digital",
        ["KZ", "KG", "UZ"],
        "kz-nc",
        ["KG", "UZ", "CN"],
        "150000000",
        "USD",
        (2025, 2026),
        [("Connectivity", "Tbit/s cross-border capacity", "2", "20")],
        "financing",
        True,
    ),
    (
        "kz-aral-restoration",
        "Aral Sea basin restoration and afforestation",
        "environment",
        ["KZ", "UZ"],
        "kz-delegate",
        ["UZ"],
        "95000000000",
        "KZT",
        (2025, 2030),
        [("Afforested seabed", "hectares planted", "0", "100000")],
        "endorsed",
        True,
    ),
    (
        "tj-water-efficiency",
        "Irrigation water efficiency in the Syr Darya basin",
        "water",
        ["TJ", "UZ"],
        "tj-delegate",
        ["UZ", "KZ"],
        "210000000",
        "USD",
        (2026, 2029),
        [("Water saved", "million m3 per year", "0", "400")],
        "proposed",
        True,
    ),
    (
        "ru-customs-digital",
        "Single window for SCO customs transit (concept)",
        "trade",
        ["RU", "KZ", "CN"],
        "ru-delegate",
        ["KZ", "CN"],
        "60000000",
        "USD",
        (2026, 2027),
        [("Transit time", "hours at the border", "36", "6")],
        "proposed",
        False,
    ),
]

# code, name, kind, sectors, countries, instruments, capital, currency, min, max
FUNDERS = [
    (
        "dbk",
        "Development Bank of Kazakhstan",
        "interbank",
        ["transport", "rail", "energy", "industry", "digital"],
        ["KZ", "KG", "UZ"],
        ["loan", "guarantee"],
        "900000000",
        "USD",
        "5000000",
        "400000000",
    ),
    (
        "cdb",
        "China Development Bank",
        "interbank",
        ["transport", "rail", "energy", "digital", "trade"],
        ["KZ", "CN", "KG", "UZ", "TJ", "PK"],
        ["loan"],
        "800000000",
        "USD",
        "50000000",
        "500000000",
    ),
    (
        "veb",
        "VEB.RF",
        "interbank",
        ["transport", "rail", "trade", "industry"],
        ["RU", "KZ", "BY", "UZ"],
        ["loan", "guarantee"],
        "15000000000",
        "RUB",
        "500000000",
        "15000000000",
    ),
    (
        "aifc-fund",
        "SCO Regional Investment Fund (AIFC, Astana)",
        "financial_centre_fund",
        ["energy", "digital", "environment", "water"],
        ["KZ", "KG", "UZ", "TJ"],
        ["equity", "loan"],
        "300000000",
        "USD",
        "2000000",
        "100000000",
    ),
    (
        "sco-db",
        "SCO Development Bank (planned)",
        "development_bank",
        ["transport", "rail", "energy", "environment", "water", "digital"],
        ALL,
        ["loan", "grant", "guarantee"],
        "250000000",
        "USD",
        "10000000",
        "150000000",
    ),
    (
        "steppe-capital",
        "Steppe Capital Partners (private investor)",
        "private",
        ["digital", "energy"],
        ["KZ", "UZ", "KG"],
        ["equity"],
        "60000000",
        "USD",
        "1000000",
        "30000000",
    ),
]

# Rates to USD, illustrative.
RATES = [("KZT", "0.00220"), ("RUB", "0.0110"), ("UZS", "0.0000790"), ("CNY", "0.138")]

# funder, project, steps: [(state, amount, currency, instrument, days ago)]
COMMITMENTS = [
    (
        "dbk",
        "kz-transcaspian-rail",
        [("soft", "300000000", "USD", "loan", 150), ("firm", "300000000", "USD", "loan", 90)],
    ),
    ("cdb", "kz-transcaspian-rail", [("soft", "600000000", "USD", "loan", 60)]),
    (
        "aifc-fund",
        "kz-digital-silk-way",
        [("soft", "40000000", "USD", "equity", 120), ("firm", "40000000", "USD", "equity", 30)],
    ),
    ("steppe-capital", "kz-digital-silk-way", []),
    ("sco-db", "kg-casa-grid", [("soft", "150000000", "USD", "loan", 20)]),
]


def load(ctx: DemoContext) -> None:
    org = ctx.org
    today = clock.today()
    investor = _investor(ctx)
    if Project.objects.filter(organisation=org).exists():
        return
    sec = actor_for(ctx.people["secretariat"], org, today)
    for currency, rate in RATES:
        if not ExchangeRate.objects.filter(currency=currency).exists():
            actions.set_exchange_rate(sec, currency=currency, on=date(2024, 1, 2), rate=rate)
    for code, title, sector, countries, who, interested, cost, cur, (
        y0,
        y1,
    ), results, stage, published in PROJECTS:
        delegate = actor_for(ctx.people[who], org, today)
        p = actions.propose_project(
            delegate,
            org,
            code=code,
            title=title,
            description=title + "." + ILLUSTRATIVE,
            sector=sector,
            countries=countries,
            lead_state=who[:2].upper(),
            interested_states=interested,
            cost=Decimal(cost),
            currency=cur,
            start=date(y0, 1, 1),
            end=date(y1, 12, 31),
            results=[{"title": t, "indicator": i, "baseline": b, "target": tg} for t, i, b, tg in results],
            illustrative=True,
        )
        if stage in ("endorsed", "financing"):
            actions.move_project(
                sec,
                p,
                "endorsed",
                decision_reference="CHS Astana 2024, decision on "
                "mechanisms of financial support for SCO project activities (illustrative)",
                decision_date=date(2024, 7, 4) if today >= date(2024, 7, 4) else today,
            )
        if stage == "financing":
            actions.move_project(sec, p, "financing")
        if published:
            actions.publish_project(sec, p)
    funders = {}
    for code, name, kind, sectors, countries, instruments, capital, cur, low, high in FUNDERS:
        funders[code] = actions.create_funder(
            sec,
            org,
            code=code,
            name=name,
            kind=kind,
            sectors=sectors,
            countries=countries,
            instruments=instruments,
            capital=capital,
            currency=cur,
            min_ticket=low,
            max_ticket=high,
            illustrative=True,
        )
    for code in ("aifc-fund", "steppe-capital", "dbk"):
        actions.add_representative(sec, funders[code], investor)
    inv = actor_for(investor, org, today)
    projects = {p.code: p for p in Project.objects.filter(organisation=org)}
    for funder, project, steps in COMMITMENTS:
        rep = (
            inv
            if funder in ("aifc-fund", "steppe-capital", "dbk")
            else _rep(ctx, funders[funder], org, today, sec)
        )
        c = actions.register_interest(
            rep, projects[project], funders[funder], note="Illustrative, for the demo."
        )
        for state, amount, cur, instrument, days in steps:
            actions.move_commitment(rep, c, state, amount=amount, currency=cur, instrument=instrument)
            # Backdate the step so "commitments over time" shows a history (demo data only).
            Commitment.objects.filter(pk=c.pk).update(**{f"{state}_on": clock.now() - timedelta(days=days)})
    if not AllocationRun.objects.filter(organisation=org).exists():
        actions.run_allocation(sec, org, note="Demo run on the illustrative pipeline")


def _investor(ctx: DemoContext) -> Person:
    person = Person.objects.filter(username="investor").first()
    if person is None:
        person = create_person(
            None,
            username="investor",
            password=DEMO_PASSWORD,
            first_name="Investor",
            last_name="(demo)",
            email="investor@demo.accord.invalid",
            timezone="Asia/Almaty",
            check_password=False,
        )
    if not person.affiliations.filter(organisation=ctx.org, kind="investor").exists():
        add_affiliation(None, person, ctx.org, kind="investor", role="investor", start=date(2023, 1, 1))
    ctx.people["investor"] = person
    if not any(u == "investor" for u, _ in ctx.logins):
        ctx.logins.append(
            (
                "investor",
                "Investor for the AIFC fund, Steppe Capital and DBK: matching projects, "
                "interest and commitments",
            )
        )
    return person


def _rep(ctx: DemoContext, funder: Funder, org, today, sec):
    """A representative for a funder the demo investor does not act for."""
    username = f"investor-{funder.code}"
    person = Person.objects.filter(username=username).first()
    if person is None:
        person = create_person(
            None,
            username=username,
            password=DEMO_PASSWORD,
            first_name="Investor",
            last_name=f"{funder.name} (demo)",
            check_password=False,
        )
        add_affiliation(None, person, org, kind="investor", role="investor", start=date(2023, 1, 1))
    actions.add_representative(sec, funder, person)
    return actor_for(person, org, today)
