from django.contrib import admin

from accord.base.admin import AuditedAdmin
from accord.orgs.models import Session

from .models import AgendaItem, Decision, SessionDocument


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class DocumentInline(admin.TabularInline):
    model = SessionDocument
    extra = 0


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(Session)
class SessionAdmin(AuditedAdmin):
    list_display = ("body", "year", "host", "city_en", "start", "end", "regular")
    list_filter = ("organisation", "body", "regular")
    inlines = [AgendaInline, DocumentInline, DecisionInline]
