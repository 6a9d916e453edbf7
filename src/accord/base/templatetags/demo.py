"""{% illustrative obj %}: the one label for content written for the demo (a model's `illustrative` flag),
so every page marks invented sessions, projects and figures the same way."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def illustrative(obj, text: str = "") -> str:
    """A badge when `obj.illustrative` is set (or `obj` is True: a page of figures drawn from such data);
    nothing otherwise."""
    flag = obj if isinstance(obj, bool) else getattr(obj, "illustrative", False)
    if not flag:
        return ""
    return format_html(
        '<span class="badge illustrative" title="{}">{}</span>',
        gettext("Invented for the demonstration: not a record of the organisation"),
        text or gettext("illustrative"),
    )
