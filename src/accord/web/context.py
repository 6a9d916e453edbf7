from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# Main navigation: (url name, label). An app's entry shows once the app defines that URL.
NAVIGATION = [
    ("orgs:home", _("Organisation")),
    ("orgs:rotation", _("Chairmanship")),
    ("negotiations:index", _("Negotiations")),
    ("programmes:index", _("Programmes")),
    ("meetings:index", _("Meetings")),
    ("projects:index", _("Projects")),
    ("connectivity:index", _("Corridors")),
    ("dashboard:chair", _("Chair's dashboard")),
]


def navigation(request):
    match = getattr(request, "resolver_match", None)
    org = (match.kwargs.get("org") if match else None) or settings.ACCORD_DEFAULT_ORG
    items = []
    for name, label in NAVIGATION:
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
    return {"nav_org": org, "nav_items": items}
