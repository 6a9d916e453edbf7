"""In-app notifications (the inbox). Written by notify(); idempotent by key."""

from django.conf import settings
from django.db import models


class Notification(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE)
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    # The same key is never notified twice to one person: a job that runs twice sends once.
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)
    # Where the e-mail goes ("" = inbox only); a refused sending keeps its error and when to try again.
    mail_to = models.EmailField(max_length=254, blank=True)
    mail_attempts = models.PositiveIntegerField(default=0)
    mail_error = models.CharField(max_length=500, blank=True)
    mail_retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table keeps the name it had when the model lived in the web app.
        db_table = "web_notification"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="notification_once_per_key")]

    def __str__(self) -> str:
        return f"{self.person}: {self.title}"
