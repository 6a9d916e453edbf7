"""Reads for the chair's proposals and the text under silence (kept apart from queries.py, whose map cache
another topic owns)."""

from __future__ import annotations

from django.utils.translation import gettext

from accord.core.errors import InputError

from . import queries
from .models import ChairProposal, Draft, Option, SilenceProcedure


def proposal_text(draft: Draft, package: dict[str, str]) -> list[dict]:
    """The text `package` makes of the draft as it stands: every live provision with its chosen option.
    Refused (422) unless it names exactly one live option for every live provision."""
    text = queries.text_of(draft)
    if not isinstance(package, dict):
        raise InputError("package", gettext("must name one option for every provision"))
    labels = {p.label for p in text.provisions if text.options[p.pk]}
    for label in sorted(set(package) - labels):
        raise InputError("package", gettext("unknown provision %(provision)s") % {"provision": repr(label)})
    rows = []
    for p in text.provisions:
        opts = text.options[p.pk]
        if not opts:
            continue
        letter = package.get(p.label)
        if not letter:
            raise InputError("package", gettext("names no option for %(provision)s") % {"provision": p.label})
        o = next((x for x in opts if x.letter == letter), None)
        if o is None:
            raise InputError(
                "package",
                gettext("no option %(option)s of %(provision)s")
                % {"option": repr(letter), "provision": p.label},
            )
        rows.append({"provision": p.label, "option": o.letter, "text": o.text, "delete": o.delete})
    return rows


def text_under_silence(proc: SilenceProcedure) -> list[dict]:
    """Exactly the text a silence procedure runs on, as clean text: the chair's proposal as it was made,
    or the package's options as they read (one query); deleted provisions left out."""
    if proc.proposal_id is not None:
        return proc.proposal.clean
    labels = dict(proc.package or {})
    rows = []
    for o in Option.objects.filter(provision__draft_id=proc.draft_id).select_related("provision"):
        if labels.get(o.provision.label) == o.letter:
            rows.append(
                {
                    "provision": o.provision.label,
                    "option": o.letter,
                    "text": o.text,
                    "delete": o.delete,
                    "order": (o.provision.kind != "PP", o.provision.number),
                }
            )
    rows.sort(key=lambda r: r["order"])
    return [r for r in rows if not r["delete"]]


def proposals_of(draft: Draft) -> list[ChairProposal]:
    return list(ChairProposal.objects.filter(draft=draft).order_by("-number"))
