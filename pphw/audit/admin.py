from django.contrib import admin

from pphw.audit.models import RecordAccess


@admin.register(RecordAccess)
class RecordAccessAdmin(admin.ModelAdmin):
    """Read-only: the record-access log can be searched but never changed.

    A person is shown by their record number, not their name: the staff admin
    belongs to no team, and names go with care to those who support them.
    """

    fields = [
        "accessed_at",
        "user",
        "kind",
        "page",
        "url_name",
        "object_pk",
        "whose_record",
        "team",
        "people_count",
        "ip_address",
    ]
    readonly_fields = fields

    list_display = [
        "accessed_at",
        "user",
        "kind",
        "page",
        "whose_record",
        "team",
        "people_count",
        "ip_address",
    ]
    list_filter = ["kind", "page"]
    date_hierarchy = "accessed_at"
    list_select_related = ["user", "team"]
    search_fields = ["user__username"]
    actions = None

    @admin.display(description="whose record (record number)")
    def whose_record(self, access: RecordAccess):
        return access.person_id

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
