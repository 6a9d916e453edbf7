"""What every negotiations page starts from: the organisation, the actor and the draft they may see."""

from __future__ import annotations

from django.contrib import messages

from accord.core.errors import Conflict, InputError
from accord.orgs.queries import organisation, request_actor

from .. import queries


def _draft(request, org, pk):
    o = organisation(org)
    actor = request_actor(request, o)
    return o, actor, queries.get_draft(o, pk, actor)


def attempt(request, action, *args, **kwargs):
    """Run one action for a page: (True, its result), or (False, None) with the refusal put in the page's
    messages, an InputError's with the last part of its field ("options[0].text" reads "text: ...")."""
    try:
        return True, action(*args, **kwargs)
    except InputError as exc:
        field = exc.field.rsplit(".", 1)[-1].split("[", 1)[0]
        messages.error(request, f"{field}: {exc.message}" if field else exc.message)
    except Conflict as exc:
        messages.error(request, str(exc))
    return False, None
