"""The forms of the meeting pages: Django checks the types (in the reader's language, beside the field);
the actions check the rest, and their refusals are put beside the field they name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core.errors import InputError
from accord.negotiations.models import Draft
from accord.programmes.models import Programme

STATUS_CHOICES = [("planned", _("planned")), ("announced", _("announced")), ("held", _("held"))]
FORMAT_CHOICES = [("in_person", _("in person")), ("video", _("video conference")), ("hybrid", _("hybrid"))]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def put_error(form: forms.Form, exc: InputError) -> None:
    """An action's refusal, beside the field it names (or above the form if the form has no such field)."""
    if exc.field in form.fields:
        form.add_error(exc.field, exc.message)
    else:
        form.add_error(None, exc.message)


class SessionForm(forms.Form):
    body = forms.ChoiceField(label=_("Body"))
    start = forms.DateField(label=_("First day"), widget=DATE)
    end = forms.DateField(label=_("Last day"), widget=DATE, required=False)
    number = forms.IntegerField(label=_("Number in the year"), min_value=1, required=False)
    city_en = forms.CharField(label=_("City (English)"), max_length=120, required=False)
    city_ru = forms.CharField(label=_("City (Russian)"), max_length=120, required=False)
    city_zh = forms.CharField(label=_("City (Chinese)"), max_length=120, required=False)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, initial="planned")
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="in_person")

    def __init__(self, *args, bodies=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["body"]
        else:
            self.fields["body"].choices = [(b.code, b.name) for b in bodies or []]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last day is before the first day."))
        return data


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300)
    draft = forms.ModelChoiceField(
        label=_("Draft under negotiation"), queryset=Draft.objects.none(), required=False
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    draft_ref = forms.CharField(label=_("Other text (address or reference)"), max_length=300, required=False)
    circulated_on = forms.DateField(label=_("Circulated on"), widget=DATE, required=False)

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["draft"].queryset = Draft.objects.filter(organisation=org).order_by("title")
        self.fields["draft"].label_from_instance = lambda d: d.title
        self.fields["programme"].queryset = Programme.objects.filter(organisation=org).order_by("-start_year")
        self.fields["programme"].label_from_instance = lambda p: f"{p.title} ({p.start_year}–{p.end_year})"


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File"))


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("Decision"), max_length=300)
    url = forms.CharField(label=_("Address"), max_length=500, required=False)


class OutcomeForm(forms.Form):
    text = forms.CharField(label=_("Outcome or minutes"), widget=forms.Textarea(attrs={"rows": 6}))
