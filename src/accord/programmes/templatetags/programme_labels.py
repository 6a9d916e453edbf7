from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Workflow states (core.workflows) in the users' words.
STATE_LABELS = {
    "draft": _("draft"),
    "approved_by_rats_council": _("approved by the RATS Council"),
    "approved_by_chs": _("approved by the CHS"),
    "in_implementation": _("in implementation"),
    "report_submitted": _("annual report submitted"),
    "report_reviewed_by_rats_council": _("report reviewed by the RATS Council"),
    "report_approved_by_chs": _("report approved by the CHS"),
    "completed": _("completed"),
    "planned": _("planned"),
    "in_progress": _("in progress"),
    "delayed": _("delayed"),
    "done": _("done"),
    "cancelled": _("cancelled"),
    "cooperation": _("cooperation programme"),
    "priorities": _("chairmanship priorities"),
}


@register.filter
def state_label(value: str) -> str:
    return STATE_LABELS.get(value, value)


# What a programme awaits at each point of its lifecycle, naming the bodies it recorded as deciding.
STAGE_LABELS = {
    "draft": _("draft awaiting approval by the %(reviewing)s"),
    "approved_by_rats_council": _("awaiting approval by the %(approving)s"),
    "approved_by_chs": _("approved; implementation not started yet"),
    "report_submitted": _("annual report awaiting review by the %(reviewing)s"),
    "report_reviewed_by_rats_council": _("annual report awaiting approval by the %(approving)s"),
}


@register.filter
def stage_label(programme) -> str:
    if programme.implementing and not programme.decided_by_bodies:
        return str(STATE_LABELS["in_implementation"])
    label = STAGE_LABELS.get(programme.state)
    if label is None:
        return state_label(programme.state)
    reviewing, approving = programme.reviewing_body, programme.approving_body
    return str(label) % {
        "reviewing": reviewing.name if reviewing else _("reviewing body"),
        "approving": approving.name if approving else _("approving body"),
    }
