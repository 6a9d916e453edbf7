from django.contrib import admin

from accord.base.admin import AuditedAdmin

from .models import ActionItem, ImplementationReport, Programme, ProgrammeStep


class StepInline(admin.TabularInline):
    model = ProgrammeStep
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin):
    list_display = ("code", "title_en", "start_year", "end_year", "state", "illustrative")
    list_filter = ("organisation", "kind", "state")
    inlines = [StepInline]


@admin.register(ActionItem)
class ActionItemAdmin(AuditedAdmin):
    list_display = ("programme", "code", "title_en", "deadline", "weight", "state", "percent")
    list_filter = ("programme", "state")
    filter_horizontal = ("responsible_states",)


@admin.register(ImplementationReport)
class ImplementationReportAdmin(AuditedAdmin):
    list_display = ("item", "state", "year", "percent", "filed_at")
    list_filter = ("year", "state")
