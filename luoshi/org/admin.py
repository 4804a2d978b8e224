from django.contrib import admin

from luoshi.org.models import Region, Unit, UnitAlias


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "counted_in_parent"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "region", "active"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "short_name", "aliases__name"]

    def has_change_permission(self, request, obj=None):
        # Directory edits go through the audited pages, not the raw admin.
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "unit"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
