from django.contrib import admin

from accord.base.admin import AuditedAdmin

from .models import (
    Affiliation,
    Body,
    Chairmanship,
    Office,
    Organisation,
    Person,
    RemovedReference,
    State,
    Status,
    Term,
)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("code", "name_en", "founded", "collation_language", "timezone", "currency")


@admin.register(State)
class StateAdmin(AuditedAdmin):
    list_display = ("code", "name_en", "name_ru", "name_zh")
    search_fields = ("code", "name_en", "name_ru", "name_zh")


@admin.register(Status)
class StatusAdmin(AuditedAdmin):
    list_display = ("state", "organisation", "kind", "start", "end")
    list_filter = ("organisation", "kind")
    search_fields = ("state__code", "state__name_en")


@admin.register(Body)
class BodyAdmin(AuditedAdmin):
    list_display = ("code", "organisation", "name_en", "abbreviation_en", "chair_rule", "chair_source")
    list_filter = ("organisation",)


@admin.register(Chairmanship)
class ChairmanshipAdmin(AuditedAdmin):
    list_display = ("rotation", "organisation", "year", "state", "status", "instead_of")
    list_filter = ("organisation", "status")


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


@admin.register(Office)
class OfficeAdmin(AuditedAdmin):
    list_display = ("code", "organisation", "name_en")
    inlines = [TermInline]



@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ("username", "first_name", "last_name", "email", "is_staff", "timezone")
    search_fields = ("username", "first_name", "last_name", "email")
    exclude = ("password",)


@admin.register(Affiliation)
class AffiliationAdmin(AuditedAdmin):
    list_display = ("person", "organisation", "kind", "state", "role", "start", "end")
    list_filter = ("organisation", "kind", "role", "state")


@admin.register(RemovedReference)
class RemovedReferenceAdmin(AuditedAdmin):
    """Rows of the data files the Secretariat removed; deleting an entry lets the next reload restore it."""

    list_display = ("key", "removed_at")
    readonly_fields = ("key", "removed_at")

    def has_add_permission(self, request):
        return False
