"""Funders, their investors and the exchange rates (the Secretariat's writes)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext

from accord.audit.log import record
from accord.base import validators
from accord.core.errors import InputError
from accord.orgs.models import Organisation, Person
from accord.orgs.permissions import Actor, require

from ..events import ProjectsEvent
from ..models import INSTRUMENTS, ExchangeRate, Funder, FunderKind, FunderRepresentative
from ..sectors import SECTORS
from ._shared import _known, _new_code, _states


def create_funder(
    actor: Actor | None,
    org: Organisation,
    *,
    code: str,
    name: str,
    kind: str,
    sectors,
    countries,
    instruments,
    capital,
    currency: str,
    min_ticket=0,
    max_ticket=None,
    illustrative: bool = False,
) -> Funder:
    """Register a funder and its mandate (Secretariat; actor None is the demo loader)."""
    require(actor, "funder.manage")
    exists = gettext("funder %(code)s already exists")
    code = _new_code(Funder, org, code, exists)
    name = validators.text(name, "name")
    if kind not in FunderKind.values:
        raise InputError(
            "kind",
            gettext("unknown kind %(kind)s; known: %(known)s")
            % {"kind": repr(kind), "known": ", ".join(FunderKind.values)},
        )
    unknown, empty = gettext("unknown sector(s): %(codes)s"), gettext("name at least one sector")
    sectors = _known(sectors, "sectors", SECTORS, unknown=unknown, empty=empty)
    hosts = _states(countries, "countries")
    unknown, empty = gettext("unknown: %(codes)s"), gettext("name at least one instrument")
    instruments = _known(instruments, "instruments", INSTRUMENTS, unknown=unknown, empty=empty)
    cap = validators.amount(capital, "capital")
    low = validators.amount(min_ticket, "min_ticket", positive=False)
    high = validators.amount(max_ticket, "max_ticket", required=False)
    if high is not None and low > high:
        raise InputError("min_ticket", gettext("is above max_ticket"))
    if low > cap:
        raise InputError("min_ticket", gettext("is above the capital"))
    cur = validators.currency(currency)
    with validators.unique("code", exists % {"code": repr(code)}):
        funder = Funder.objects.create(
            organisation=org,
            code=code,
            name=name,
            kind=kind,
            sectors=sectors,
            countries=hosts,
            instruments=instruments,
            capital=cap,
            currency=cur,
            min_ticket=low,
            max_ticket=high,
            illustrative=illustrative,
        )
        record(
            ProjectsEvent.FUNDER_CREATE,
            actor=actor,
            target=funder,
            payload={"code": code, "capital": str(cap)},
        )
    return funder


def add_representative(actor: Actor | None, funder: Funder, person: Person) -> None:
    """Let an investor act for a funder."""
    require(actor, "funder.manage")
    if not person.affiliations.filter(organisation=funder.organisation, kind="investor").exists():
        raise InputError(
            "person", gettext("%(username)s has no investor affiliation") % {"username": person.username}
        )
    with transaction.atomic():
        FunderRepresentative.objects.get_or_create(funder=funder, person=person)
        record(
            ProjectsEvent.FUNDER_REPRESENTATIVE,
            actor=actor,
            target=funder,
            payload={"person": person.username},
        )


def set_exchange_rate(actor: Actor | None, *, currency: str, on: date, rate) -> ExchangeRate:
    """Record the value of one unit of `currency` in the base currency on a date."""
    require(actor, "funder.manage")
    cur = validators.currency(currency)
    value = validators.number(rate, "rate", low=0, high=validators.MAX_RATE, places=10, low_open=True)
    with transaction.atomic():
        obj, _ = ExchangeRate.objects.update_or_create(currency=cur, date=on, defaults={"rate": value})
        record(
            ProjectsEvent.RATE_SET,
            actor=actor,
            target=obj,
            payload={"currency": cur, "date": on, "rate": str(value)},
        )
    return obj
