"""Admin base class: every add, change and delete in the back office is an audited action."""

from django.contrib import admin


class AuditedAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        # Shown, never edited: saving in the admin marks reference data as the Secretariat's correction.
        fields = tuple(super().get_readonly_fields(request, obj))
        if any(f.name == "curated" for f in self.model._meta.fields):
            fields += ("curated",)
        return fields

    def save_model(self, request, obj, form, change):
        from accord.orgs.actions import admin_save

        admin_save(request.user, obj, change, list(form.changed_data) if form is not None else None)

    def delete_model(self, request, obj):
        from accord.orgs.actions import admin_delete

        admin_delete(request.user, obj)

    def delete_queryset(self, request, queryset):
        from accord.orgs.actions import admin_delete

        for obj in queryset:
            admin_delete(request.user, obj)
