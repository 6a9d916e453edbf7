"""The public register of adopted decisions: a list (search by title, filter by body and year, pages) and a
page per decision, with its Akoma Ntoso. Open to everyone, signed in or not; drafts and restricted drafts are
never in it (404)."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accord.base import validators
from accord.core.errors import InputError
from accord.orgs.models import Body
from accord.orgs.queries import organisation

from .. import exports, queries

SEARCH_MAX = 200
YEAR_MIN, YEAR_MAX = 1900, 2200


class RegisterFilter(forms.Form):
    """The register's search: every field optional; a bad one is reported beside it and left out."""

    q = forms.CharField(label=_("Title contains"), required=False)
    body = forms.ChoiceField(label=_("Body"), required=False)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        widget=forms.NumberInput(attrs={"list": "register-years"}),
    )

    def __init__(self, data, bodies):
        super().__init__(data)
        self.fields["body"].choices = [("", _("all bodies"))] + [(b.code, b.name) for b in bodies]

    def clean_q(self):
        try:
            return validators.text(self.data.get("q", ""), "q", max_length=SEARCH_MAX, required=False)
        except InputError as exc:
            raise forms.ValidationError(exc.message) from None


def register(request, org):
    o = organisation(org)
    bodies = list(Body.objects.filter(organisation=o))
    form = RegisterFilter(request.GET, bodies)
    form.is_valid()  # each valid field filters; an invalid one shows its error and filters nothing
    chosen = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
    entries = queries.public_register(
        o, q=chosen.get("q", ""), body=chosen.get("body", ""), year=chosen.get("year")
    )
    page = Paginator(entries, queries.REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "negotiations/register.html",
        {
            "org": o,
            "form": form,
            "page": page,
            "years": queries.register_years(o),
            "filtered": bool(chosen),
            # the filters kept by the links to other pages
            "query": urlencode(chosen),
        },
    )


def _text_language(request, adoption) -> str:
    """The language of the text shown: `?lang=` if the decision is published in it, else the reader's
    interface language if it is, else the working language (an unknown code is simply not chosen)."""
    published = exports.languages(adoption)
    for wanted in (request.GET.get("lang", ""), (get_language() or "")[:2]):
        if wanted in published:
            return wanted
    return published[0]


def register_detail(request, org, pk):
    o = organisation(org)
    adoption = queries.register_entry(o, pk)
    language = _text_language(request, adoption)
    return render(
        request,
        "negotiations/register_detail.html",
        {
            "org": o,
            "draft": adoption.draft,
            "adoption": adoption,
            "text_languages": exports.languages(adoption),
            "authentic": set(adoption.authentic or []),
            **exports.adopted_text(adoption, language),
        },
    )


def register_akn(request, org, pk):
    """The decision as Akoma Ntoso XML in one language (`?lang=`), for everyone (the drafts' own akn.xml is
    for those who see drafts)."""
    adoption = queries.register_entry(organisation(org), pk)
    language = _text_language(request, adoption)
    response = HttpResponse(
        exports.akoma_ntoso(adoption, language), content_type="application/akn+xml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{org}-decision-{pk}-{language}.akn.xml"'
    return response
