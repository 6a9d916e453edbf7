from datetime import timedelta

from django.shortcuts import render
from django.utils.translation import get_language_info

from accord.base import clock

from . import queries
from .models import StatusKind

FORECAST_TERMS = 3


def home(request, org):
    o = queries.organisation(org)
    today = clock.today()
    rotations = queries.Rotations.of(o)
    chairs = []
    for code in rotations.rotations:
        forecast = rotations.forecast(code, today, FORECAST_TERMS)
        chairs.append({"current": forecast[0], "next": forecast[1:]})
    statuses = queries.statuses_on(o, today)
    chairs_today = rotations.chairs_on(today)
    sg = queries.secretary_general(o, today)
    return render(
        request,
        "orgs/home.html",
        {
            "org": o,
            "today": today,
            "chairs": chairs,
            "members": statuses[StatusKind.MEMBER],
            "partners": sorted(
                statuses[StatusKind.PARTNER]
                + statuses[StatusKind.OBSERVER]
                + statuses[StatusKind.DIALOGUE_PARTNER],
                key=lambda s: s.sort_key,
            ),
            "bodies": [{"body": b, "chair": chairs_today.get(b.code)} for b in rotations.bodies.values()],
            "states": rotations.states,
            "secretary_general": sg,
            "clock_shifted": clock.shifted(),
            "official_languages": [_language_name(code) for code in o.official_languages],
        },
    )


def _language_name(code: str) -> str:
    """A language's own name where Django knows it (English, русский, 中文), else its code."""
    try:
        return get_language_info({"zh": "zh-hans"}.get(code, code))["name_local"]
    except KeyError:
        return code


def rotation(request, org):
    o = queries.organisation(org)
    today = clock.today()
    rotations = queries.Rotations.of(o)
    try:
        years_ahead = max(1, min(30, int(request.GET.get("ahead", "10"))))
    except ValueError:
        years_ahead = 10
    timelines = []
    for code, r in rotations.rotations.items():
        first = queries.rot.recorded_terms(r, rotations.as_of)[0].start
        past = queries.rot.terms_between(r, max(first, o.founded), today, rotations.as_of)
        future = queries.rot.forecast(r, today, years_ahead, rotations.as_of)[1:]
        terms = [
            {
                "term": t,
                "state": rotations.states[t.holder],
                "current": t.start <= today and (t.end is None or today <= t.end),
            }
            for t in [*past, *future]
        ]
        timelines.append({"body": rotations.bodies[code], "terms": terms})
    return render(
        request,
        "orgs/rotation.html",
        {"org": o, "today": today, "timelines": timelines, "ahead": years_ahead},
    )


def state(request, org, code):
    o = queries.organisation(org)
    record = queries.state_record(o, code)
    history = record.history
    today = clock.today()
    current = next((s for s in history if s.start <= today and (s.end is None or s.end >= today)), None)
    upcoming = next((s for s in history if s.start > today), None)
    status_bar = _status_bar(history, today)
    return render(
        request,
        "orgs/state.html",
        {
            "org": o,
            "state": record.state,
            "history": history,
            "current": current,
            "upcoming": upcoming,
            "status_bar": status_bar,
            "hosted": record.hosted,
            "offices": record.offices,
            "terms": record.terms,
            "today": today,
            "one_day": timedelta(days=1),
        },
    )


def _status_bar(history, today):
    """Each status begun by today as a share of the time from the first one to today; one still to
    come is listed as upcoming, not drawn."""
    begun = [s for s in history if s.start <= today]
    if not begun:
        return []
    first = begun[0].start
    span = (today - first).days + 1
    bar = []
    for s in begun:
        end = min(s.end or today, today)
        bar.append(
            {
                "status": s,
                "left": 100 * (s.start - first).days / span,
                "width": 100 * ((end - s.start).days + 1) / span,
            }
        )
    return bar
