from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ApprovalItem, ApprovalKind


@admin.register(ApprovalKind)
class ApprovalKindAdmin(admin.ModelAdmin):
    """The catalogue: a region adds, replaces (same code) or switches off (启用 off) a kind for itself
    and the regions below it, optionally from a year on."""

    list_display = ("name", "code", "applies_to", "region", "year", "sort", "blocks_start", "active")
    list_filter = ("applies_to", "active", "year")
    raw_id_fields = ("region",)


@admin.register(ApprovalItem)
class ApprovalItemAdmin(SimpleHistoryAdmin):
    list_display = ("project", "kind", "status", "planned_on", "done_on", "document_number")
    list_filter = ("status", "kind")
    raw_id_fields = ("project",)
