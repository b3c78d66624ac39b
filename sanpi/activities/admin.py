from django.contrib import admin

from .models import EntryThreshold, KeyProjectList, Period, PeriodSnapshot


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ("number", "held_on", "level", "host_region", "status", "closed_at")
    list_filter = ("level", "status")
    # Lists and closing go through the services (pages and `sanpi period`), never through here.
    readonly_fields = ("status", "closed_at", "closed_by")


@admin.register(EntryThreshold)
class EntryThresholdAdmin(admin.ModelAdmin):
    list_display = ("region", "year", "sector_code", "minimum_wan")
    list_filter = ("year", "sector_code")
    raw_id_fields = ("region",)


@admin.register(PeriodSnapshot)
class PeriodSnapshotAdmin(admin.ModelAdmin):
    list_display = ("period", "revision", "created_at", "created_by", "reason")

    def has_change_permission(self, request, obj=None):
        return False  # frozen figures

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(KeyProjectList)
class KeyProjectListAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "region", "year", "batch")
