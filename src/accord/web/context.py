from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accord.base import clock
from accord.orgs.permissions import allowed
from accord.orgs.queries import find_organisation, request_actor

# Main navigation: (url name, label, permission or None, its context). An app's entry shows once the app
# defines that URL; an entry with a permission only to those who hold it (a menu offers no dead ends).
NAVIGATION = [
    ("orgs:home", _("Organisation"), None, {}),
    ("orgs:rotation", _("Chairmanship"), None, {}),
    ("negotiations:index", _("Negotiations"), None, {}),
    ("negotiations:register", _("Decisions"), None, {}),  # the public register of adopted decisions
    ("programmes:index", _("Programmes"), None, {}),
    ("meetings:index", _("Meetings"), None, {}),
    ("projects:index", _("Projects"), None, {}),
    ("connectivity:index", _("Corridors"), None, {}),
    ("dashboard:chair", _("Chair's dashboard"), "dashboard.chair", {"body": "CHS"}),
]


def navigation(request):
    match = getattr(request, "resolver_match", None)
    org = (match.kwargs.get("org") if match else None) or settings.ACCORD_DEFAULT_ORG
    # The page's view has usually worked out who the reader is in this organisation (request_actor's
    # cache on the request): reuse it rather than query again.
    actor = getattr(request, "_accord_actors", {}).get(org)
    # Someone not signed in holds no permission: no need to ask who they are.
    user = getattr(request, "user", None)
    if actor is None and user is not None and user.is_authenticated:
        o = find_organisation(org)
        if o is None:  # an unknown organisation in the address (a 404 page): the default one's menu
            org = settings.ACCORD_DEFAULT_ORG
            o = find_organisation(org)
        actor = request_actor(request, o) if o is not None else None
    items = []
    for name, label, permission, context in NAVIGATION:
        if permission and (actor is None or not allowed(actor, permission, **context)):
            continue
        try:
            url = reverse(name, kwargs={"org": org})
        except NoReverseMatch:
            continue
        items.append(
            {
                "url": url,
                "label": label,
                "active": request.path.startswith(url)
                and (url != reverse("orgs:home", kwargs={"org": org}) or request.path == url),
            }
        )
    # Only the most specific entry is current (the register lives under the negotiations' prefix).
    longest = max((len(i["url"]) for i in items if i["active"]), default=0)
    for item in items:
        item["active"] = item["active"] and len(item["url"]) == longest
    return {
        "nav_org": org,
        "nav_items": items,
        # While the demo clock runs (ACCORD_CLOCK_START), every page says so and what time it shows.
        "demo_clock": clock.now() if clock.shifted() else None,
    }
