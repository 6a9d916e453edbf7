"""The base layer's audit event types."""

from django.db import models


class BaseEvent(models.TextChoices):
    ADMIN_ADD = "admin.add", "added in the admin"
    ADMIN_CHANGE = "admin.change", "changed in the admin"
    ADMIN_DELETE = "admin.delete", "deleted in the admin"
    NOTIFICATIONS_READ = "notifications.read", "notices marked read"
