from django.contrib import admin

from accord.base.admin import AuditedAdmin

from .models import Adoption, Draft, SilenceProcedure


@admin.register(Draft)
class DraftAdmin(AuditedAdmin):
    list_display = ("title", "body", "kind", "state", "round", "restricted")
    list_filter = ("state", "kind", "body")
    readonly_fields = ("state", "round", "created_at")

    def save_model(self, request, obj, form, change):
        if change:  # e.g. a new decision rule: the consensus map changes, so must its ETag
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(SilenceProcedure)
class SilenceAdmin(AuditedAdmin):
    list_display = ("draft", "opened_at", "deadline", "timezone", "settled_at")
    readonly_fields = ("opened_at", "deadline", "timezone", "package", "settled_at")


@admin.register(Adoption)
class AdoptionAdmin(AuditedAdmin):
    list_display = ("draft", "body", "date", "via")
    readonly_fields = ("draft", "body", "session", "date", "adopted_at", "via", "package", "members")
