"""Admin base class: every add, change and delete in the back office is an audited action, with the
changed fields' old and new values."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from .actions import admin_delete, admin_save


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple):
        return [_plain(v) for v in value]
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


def form_changes(form) -> dict[str, list]:
    """{field: [old, new]} for what the admin form changed."""
    if form is None:
        return {}
    return {
        name: [_plain(form.initial.get(name)), _plain(form.cleaned_data.get(name))]
        for name in form.changed_data
    }


class AuditedAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        # Shown, never edited: saving in the admin marks reference data as the Secretariat's correction.
        fields = tuple(super().get_readonly_fields(request, obj))
        if any(f.name == "curated" for f in self.model._meta.fields):
            fields += ("curated",)
        return fields

    def save_model(self, request, obj, form, change):
        admin_save(request.user, obj, change, form_changes(form))

    def save_formset(self, request, form, formset, change):
        # Inline rows are audited one by one, like the object they belong to.
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            admin_delete(request.user, obj)
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            obj = inline_form.instance
            admin_save(request.user, obj, obj.pk is not None, form_changes(inline_form))
        formset.save_m2m()

    def delete_model(self, request, obj):
        admin_delete(request.user, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            admin_delete(request.user, obj)
