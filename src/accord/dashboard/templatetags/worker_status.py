"""{% worker_status as s %}: the background worker's state for the Secretariat's admin index."""

from django import template
from django.db import DatabaseError

from ..worker import status

register = template.Library()


@register.simple_tag
def worker_status():
    try:
        return status()
    except DatabaseError:  # the queue's tables missing (not migrated): the page still opens
        return None
