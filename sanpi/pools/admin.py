from django.contrib import admin

from .models import PoolMove


@admin.register(PoolMove)
class PoolMoveAdmin(admin.ModelAdmin):
    list_display = ["project", "kind", "from_pool", "to_pool", "moved_on", "status"]
    list_filter = ["kind", "status", "to_pool"]
    raw_id_fields = ["project"]
