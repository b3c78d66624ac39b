from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FundingLine, FundingMonth


class FundingMonthInline(admin.TabularInline):
    model = FundingMonth
    extra = 0


@admin.register(FundingLine)
class FundingLineAdmin(SimpleHistoryAdmin):
    list_display = ("project", "year", "source", "bond_batch", "allocated_wan")
    list_filter = ("source", "year")
    raw_id_fields = ("project",)
    inlines = [FundingMonthInline]
