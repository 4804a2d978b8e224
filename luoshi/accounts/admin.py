from django.contrib import admin

from luoshi.accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Read-only: accounts are created and changed through the audited pages."""

    list_display = ["username", "full_name", "unit", "role", "is_active", "is_demo", "last_login"]
    list_filter = ["role", "is_active", "is_demo"]
    search_fields = ["username", "full_name"]
    exclude = ["password"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
