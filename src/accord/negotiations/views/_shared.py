"""What every negotiations page starts from: the organisation, the actor and the draft they may see."""

from __future__ import annotations

from accord.orgs.queries import organisation, request_actor

from .. import queries


def _draft(request, org, pk):
    o = organisation(org)
    actor = request_actor(request, o)
    return o, actor, queries.get_draft(o, pk, actor)
