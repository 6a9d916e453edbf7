"""Adoption of the agreed package, and notices to the delegations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from accord.audit.log import record
from accord.base import clock, validators
from accord.base.notify import Message, notify
from accord.core.errors import Conflict
from accord.orgs.models import AffiliationKind, Person
from accord.orgs.permissions import Actor, require

from .. import parallel, queries
from ..events import NegotiationsEvent
from ..models import Adoption, Draft, Statement
from ._shared import _changed, _move, _state


def _consensus_package(draft: Draft) -> dict[str, str]:
    result = queries.solve(queries.text_of(draft))
    if not result.consensus:
        on = gettext("%(member)s on %(provision)s %(option)s")
        who = ", ".join(
            sorted(
                {
                    on % {"member": b.member, "provision": b.provision, "option": b.option}
                    for b in result.blocking
                }
            )
        )
        raise Conflict(gettext("no package is agreed: still blocked by %(who)s") % {"who": who})
    return result.package


def adopt(
    actor: Actor | None,
    draft: Draft,
    *,
    session=None,
    day: date | None = None,
    statements: Iterable[dict] = (),
) -> Adoption:
    """Adopt in session the package nobody blocks; dissociations and interpretative statements go on
    record."""
    require(actor, "adoption.record", body=draft.body.code)
    checked = [
        (
            _state(s.get("state", ""), f"statements[{i}].state"),
            validators.text(s.get("text", ""), f"statements[{i}].text", max_length=5000, multiline=True),
            s.get("provision", ""),
        )
        for i, s in enumerate(statements)
    ]
    with transaction.atomic():
        draft = (
            Draft.objects.select_for_update(of=("self",))
            .select_related("body", "session", "organisation")
            .get(pk=draft.pk)
        )
        if draft.state == "adopted":
            raise Conflict(gettext("the draft is already adopted"))
        package = _consensus_package(draft)
        _authentic_or_refuse(draft, package)
        adoption = _adopt(draft, package, day or clock.today(), "session", session or draft.session, checked)
        record(
            NegotiationsEvent.DRAFT_ADOPT,
            actor=actor,
            target=draft,
            payload={"package": package, "date": adoption.date},
        )
    return adoption


def _authentic_or_refuse(draft: Draft, package: dict) -> None:
    """Adoption (in session, or the silence that will adopt it) needs the adopted text verified in every
    official language: the refusal (409) names each version that is not."""
    missing = parallel.unverified(draft, package)
    if missing:
        raise Conflict(parallel.refusal(missing))


def _number(draft: Draft, day: date) -> str:
    """The next official number of the body's texts that year, from the organisation's numbering scheme."""
    numbering, _ = parallel.texts_data(draft.organisation)
    taken = set(
        Adoption.objects.filter(draft__organisation=draft.organisation).values_list("number", flat=True)
    )
    seq = Adoption.objects.filter(body=draft.body, date__year=day.year).count() + 1
    while numbering.number(draft.body.code, day.year, seq) in taken:
        seq += 1
    return numbering.number(draft.body.code, day.year, seq)


def _adopt(draft: Draft, package: dict, day: date, via: str, session, interpretative) -> Adoption:
    _move(draft, "adopted")
    draft.save(update_fields=["state"])
    _changed(draft)
    text = queries.text_of(draft, day)
    adoption = Adoption.objects.create(
        draft=draft,
        body=draft.body,
        session=session,
        date=day,
        adopted_at=clock.now(),
        via=via,
        package=package,
        members=list(text.member_codes),
        number=_number(draft, day),
        authentic=list(draft.organisation.official_languages or [parallel.WORKING]),
    )
    states = {s.code: s for s in text.members}
    for s in text.stances:
        label = s.provision_label
        if s.kind == "dissociate" and package.get(label) == s.letter and s.state_code in states:
            Statement.objects.create(
                adoption=adoption,
                state=states[s.state_code],
                kind="dissociation",
                provision=label,
                text=s.reason or f"{s.state_code} dissociates itself from {label}.",
            )
    for st, words, prov in interpretative:
        Statement.objects.create(
            adoption=adoption, state=st, kind="interpretative", provision=prov, text=words
        )
    return adoption


def _tell_delegations(draft: Draft, key: str, title: Message, body: Message) -> None:
    """Every delegation of a member state (and the Secretariat), in the inbox and by email."""
    day = clock.today()
    members = [s.code for s in queries.statuses_on(draft.organisation, day)["member"]]
    on = Q(affiliations__start__lte=day) & (Q(affiliations__end__isnull=True) | Q(affiliations__end__gte=day))
    people = Person.objects.filter(
        on,
        Q(affiliations__organisation=draft.organisation)
        & (
            Q(affiliations__kind=AffiliationKind.DELEGATION, affiliations__state__code__in=members)
            | Q(affiliations__kind=AffiliationKind.SECRETARIAT)
        ),
    ).distinct()
    url = reverse("negotiations:draft", kwargs={"org": draft.organisation.code, "pk": draft.pk})
    notify(people, draft.organisation, kind="silence", key=key, title=title, body=body, url=url)
