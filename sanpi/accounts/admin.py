from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Leader, Organisation, Region, User


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "reporting_unit", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "reporting_unit"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "uscc", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["name", "uscc"]
    raw_id_fields = ["region"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "role", "region", "organisation", "is_staff"]
    list_filter = ["role", "is_staff"]
    raw_id_fields = ["region", "organisation"]
    fieldsets = [*BaseUserAdmin.fieldsets, ("三批", {"fields": ["role", "region", "organisation", "phone"]})]


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "region", "user"]
    raw_id_fields = ["region", "user"]
