from django.contrib import admin

from pphw.audit.models import RecordAccess


@admin.register(RecordAccess)
class RecordAccessAdmin(admin.ModelAdmin):
    """Read-only: the record-access log can be searched but never changed."""

    list_display = ["accessed_at", "user", "person", "page", "ip_address"]
    list_filter = ["page"]
    date_hierarchy = "accessed_at"
    list_select_related = ["user", "person"]
    search_fields = ["user__username", "person__family_name", "person__given_name"]
    actions = None

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
