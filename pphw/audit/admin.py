"""The record-access log and django-axes' sign-in logs in the admin: read, never changed."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin

from pphw.audit.models import RecordAccess


class ReadOnlyAdminMixin:
    """No adding, changing or deleting, and no actions: the rows can only be read."""

    actions = None

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# django-axes registers its own admins, which may delete; AXES_ENABLE_ADMIN is
# off in the settings and these read-only ones are registered instead.
@admin.register(AccessAttempt)
class ReadOnlyAccessAttemptAdmin(ReadOnlyAdminMixin, AccessAttemptAdmin):
    """Sign-in attempts being counted towards a lockout (cleared by the cool-off)."""


@admin.register(AccessLog)
class ReadOnlyAccessLogAdmin(ReadOnlyAdminMixin, AccessLogAdmin):
    """Every successful sign-in and sign-out."""


@admin.register(AccessFailureLog)
class ReadOnlyAccessFailureLogAdmin(ReadOnlyAdminMixin, AccessFailureLogAdmin):
    """Every failed sign-in, kept."""


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
