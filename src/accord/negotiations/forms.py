"""The forms of the negotiation pages: Django checks the types (in the reader's language, beside the
field); the actions check the rest, and their refusals are put beside the field they name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core.errors import InputError
from accord.orgs.models import Session

from .models import DecisionRuleKind, DraftKind

# Where an action's refusal goes when it names a field the form calls otherwise (unless[0].option, ...).
FIELD_OF = {"unless": "unless", "provision": "choice", "option": "choice", "parent": "text"}


def put_error(form: forms.Form, exc: InputError) -> None:
    """An action's refusal, beside the field it names (or above the form if the form has no such field)."""
    field = exc.field.split("[", 1)[0].split(".", 1)[0]
    field = field if field in form.fields else FIELD_OF.get(field, field)
    if field in form.fields:
        form.add_error(field, exc.message)
    else:
        form.add_error(None, exc.message)


class DraftForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=DraftKind.choices, initial=DraftKind.DECISION)
    body = forms.ChoiceField(label=_("Body"))
    decision_rule = forms.ChoiceField(
        label=_("Decision rule"), choices=DecisionRuleKind.choices, initial=DecisionRuleKind.CONSENSUS
    )
    state_concerned = forms.ChoiceField(label=_("State concerned (consensus minus one)"), required=False)
    interested = forms.MultipleChoiceField(
        label=_("Interested members"), required=False, widget=forms.SelectMultiple(attrs={"size": 5})
    )
    session = forms.ModelChoiceField(label=_("Session"), queryset=Session.objects.none(), required=False)
    restricted = forms.BooleanField(label=_("Restricted (members' delegations only)"), required=False)

    def __init__(self, *args, org=None, bodies=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(b.code, b.name) for b in bodies]
        states = [(s.code, f"{s.code} · {s.name}") for s in members]
        self.fields["state_concerned"].choices = [("", "—"), *states]
        self.fields["interested"].choices = states
        self.fields["session"].queryset = (
            Session.objects.filter(organisation=org).select_related("body").order_by("-year", "-id")
        )


class TableForm(forms.Form):
    """A delegation tables an amendment: a further option on a provision, or a new provision."""

    state = forms.ChoiceField(label=_("Delegation"))
    at = forms.ChoiceField(label=_("Where"))
    text = forms.CharField(
        label=_("Proposed wording"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    delete = forms.BooleanField(label=_("Propose to delete the provision instead"), required=False)

    NEW = {"new:PP": "PP", "new:OP": "OP"}

    def __init__(self, *args, states=(), labels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [(s, s) for s in states]
        self.fields["at"].choices = [
            *((label, _("A further option on %(provision)s") % {"provision": label}) for label in labels),
            ("new:PP", _("A new preambular provision")),
            ("new:OP", _("A new operative provision")),
        ]

    def clean(self):
        data = super().clean()
        if data.get("delete") and data.get("at") in self.NEW:
            self.add_error("delete", _("A new provision cannot delete itself."))
        return data


class StanceForm(forms.Form):
    """The names the action's refusals are put beside (the form itself is in _stance_form.html)."""

    state = forms.CharField(label=_("Delegation"), required=False)
    choice = forms.CharField(label=_("Provision and option"), required=False)
    stance = forms.CharField(label=_("Stance"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False)
    unless = forms.CharField(label=_("Unless (e.g. PP1 A)"), required=False)


class CommentForm(forms.Form):
    state = forms.ChoiceField(label=_("Delegation"))
    provision = forms.CharField(label=_("Provision (e.g. PP1)"), max_length=12, required=False)
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [(s, s) for s in states]


class ProposalSilenceForm(forms.Form):
    # Read in the zone given beside it (views.decisions._deadline), not in the reader's zone.
    deadline = forms.CharField(
        label=_("Deadline (local time)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    timezone = forms.CharField(label=_("Time zone (IANA)"), max_length=64, initial="Asia/Almaty")
    confirm = forms.BooleanField(
        label=_("I put exactly this text under silence; a break must come in writing before the deadline"),
    )
