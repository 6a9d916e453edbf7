from django.contrib import admin

from accord.web.admin import AuditedAdmin

from .models import Session


@admin.register(Session)
class SessionAdmin(AuditedAdmin):
    list_display = ("body", "year", "host", "city_en", "start", "end", "regular")
    list_filter = ("organisation", "body", "regular")
