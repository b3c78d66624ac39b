from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sanpi.accounts.access import scope_projects

from .models import AnnualPlan, Category, CategoryList, Industry, Project, StageEvent


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["scheme", "year", "code", "name", "sort"]
    list_filter = ["scheme", "year"]


@admin.register(CategoryList)
class CategoryListAdmin(admin.ModelAdmin):
    list_display = ["scheme", "year", "known", "source"]
    list_filter = ["scheme", "known"]


class StageEventInline(admin.TabularInline):
    model = StageEvent
    fk_name = "project"
    extra = 0
    fields = ["stage", "occurred_on", "recorded_by", "recorded_at", "note", "reason", "superseded", "evidence"]
    readonly_fields = fields  # stage changes go through stage_advance / stage_correct
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "region", "stage", "total_investment_wan", "owner"]
    list_filter = ["stage", "project_type", "in_statistics"]
    search_fields = ["name", "code"]
    raw_id_fields = ["region", "industry", "domain", "sector", "owner", "responsible_unit", "service_unit",
                     "previous_phase"]
    filter_horizontal = ["leaders"]
    readonly_fields = ["stage", "stage_date", "signed_on", "started_on", "completed_on", "produced_on",
                       "capacity_on", "version"]
    inlines = [StageEventInline]
    show_full_result_count = False  # a count(*) over a million rows on every page is wasted time

    def get_queryset(self, request):
        return scope_projects(super().get_queryset(request), request.user).select_related("region", "owner")


@admin.register(AnnualPlan)
class AnnualPlanAdmin(SimpleHistoryAdmin):
    list_display = ["project", "year", "planned_investment_wan"]
    list_filter = ["year"]
    raw_id_fields = ["project"]

    def get_queryset(self, request):
        return scope_projects(super().get_queryset(request), request.user, region_field="project__region")
