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
