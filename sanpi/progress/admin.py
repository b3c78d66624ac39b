from django.contrib import admin

from .models import AlertRule, MonthlyReport, Problem, ProblemEscalation, ReportingMonth, ReportStep, RuleSet


class AlertRuleInline(admin.TabularInline):
    model = AlertRule
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ("name", "place", "version", "effective_from", "scope_region", "is_default")
    inlines = [AlertRuleInline]
    raw_id_fields = ("listed_projects",)


class ReportStepInline(admin.TabularInline):
    model = ReportStep
    extra = 0
    readonly_fields = ("action", "from_status", "to_status", "by", "at", "reason")


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin):
    list_display = ("project", "year", "month", "version", "status", "month_completed_wan", "ytd_completed_wan")
    list_filter = ("status", "year", "month")
    raw_id_fields = ("project", "supersedes")
    inlines = [ReportStepInline]


class EscalationInline(admin.TabularInline):
    model = ProblemEscalation
    extra = 0


@admin.register(Problem)
class ProblemAdmin(admin.ModelAdmin):
    list_display = ("project", "kind", "responsible_department", "deadline", "status")
    list_filter = ("status", "kind")
    raw_id_fields = ("project",)
    inlines = [EscalationInline]


admin.site.register(ReportingMonth)
