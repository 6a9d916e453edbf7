from django.contrib import admin

from .events import EVENT_TYPES
from .models import AuditEvent


class EventTypeFilter(admin.SimpleListFilter):
    """The event types the apps declare (accord.audit.events), by their labels."""

    title = "event type"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return sorted(EVENT_TYPES.items())

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("id", "at", "actor_name", "acting_for", "action", "object_type", "object_id")
    list_filter = (EventTypeFilter,)
    search_fields = ("action", "actor_name", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
