from django.contrib import admin

from accord.base.admin import AuditedAdmin

from .models import AllocationRun, Commitment, ExchangeRate, Funder, FunderRepresentative, Project


@admin.register(Project)
class ProjectAdmin(AuditedAdmin):
    list_display = ["code", "title", "sector", "stage", "published", "cost", "currency"]
    list_filter = ["stage", "sector", "published"]
    search_fields = ["code", "title"]


@admin.register(Funder)
class FunderAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "capital", "currency"]


@admin.register(FunderRepresentative)
class FunderRepresentativeAdmin(AuditedAdmin):
    list_display = ["funder", "person"]


@admin.register(Commitment)
class CommitmentAdmin(AuditedAdmin):
    list_display = ["project", "funder", "state", "amount", "currency"]
    list_filter = ["state"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(AuditedAdmin):
    list_display = ["currency", "date", "rate"]


@admin.register(AllocationRun)
class AllocationRunAdmin(AuditedAdmin):
    list_display = ["pk", "at", "by", "optimal"]
