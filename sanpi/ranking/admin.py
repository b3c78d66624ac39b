"""The province (and a city for its own schemes) edits schemes here; the admin is staff-only."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sanpi.accounts import access

from . import indicators
from .models import (
    ActivityTask,
    InspectionEvent,
    InspectionItem,
    InspectionProject,
    Ranking,
    RegionGroup,
    Scheme,
    SchemeIndicator,
    Target,
)


class IndicatorForm(forms.ModelForm):
    indicator = forms.ChoiceField(label="指标", choices=indicators.choices)

    class Meta:
        model = SchemeIndicator
        fields = ["order", "indicator", "label", "weight", "method", "higher_is_better", "target", "floor",
                  "thresholds", "cap_points", "min_points", "params"]


class IndicatorInline(admin.TabularInline):
    model = SchemeIndicator
    form = IndicatorForm
    extra = 0


class GroupInline(admin.TabularInline):
    model = RegionGroup
    extra = 0
    filter_horizontal = ["regions"]


@admin.register(Scheme)
class SchemeAdmin(SimpleHistoryAdmin):
    """A staff user of a province or city office sees and edits the schemes of its region and below
    (the province every Henan scheme, a city those for its counties); a superuser all."""

    list_display = ["name", "owner_region", "period_kind", "is_example"]
    inlines = [IndicatorInline, GroupInline]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if access.is_global(request.user):
            return qs
        if not access.can_administer(request.user) or not request.user.region_id:
            return qs.none()
        return qs.filter(owner_region__path__startswith=request.user.region.path)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return access.is_global(request.user) or (
            access.can_administer(request.user) and access.region_in_scope(request.user, obj.owner_region))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not obj.rankings.exists())


@admin.register(Ranking)
class RankingAdmin(admin.ModelAdmin):
    list_display = ["scheme", "period", "revision", "reason", "published_at"]

    def has_change_permission(self, request, obj=None):
        return False  # a published ranking is never changed; a correction is a new revision

    def has_delete_permission(self, request, obj=None):
        return False


class TaskInline(admin.TabularInline):
    model = ActivityTask
    extra = 0


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["region", "year", "investment_wan", "new_starts", "new_starts_investment_wan"]
    inlines = [TaskInline]


class ItemInline(admin.TabularInline):
    model = InspectionItem
    extra = 0


class VisitInline(admin.TabularInline):
    model = InspectionProject
    extra = 0
    raw_id_fields = ["project"]


@admin.register(InspectionEvent)
class InspectionEventAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "held_on"]
    inlines = [ItemInline, VisitInline]
    filter_horizontal = ["scorers"]
