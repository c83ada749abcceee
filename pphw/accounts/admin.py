from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from pphw.accounts.models import SecurityEvent

# django-otp's own admin would show every user's secret as a QR code, letting an
# administrator copy anyone's second factor. Second factors are reset from the
# user's page instead (accounts:reset), which records who did it.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only: changes to how people sign in, and recovery codes used."""

    list_display = ["at", "user", "kind", "by", "ip_address"]
    list_filter = ["kind"]
    date_hierarchy = "at"
    list_select_related = ["user", "by"]
    search_fields = ["user__username", "by__username"]
    actions = None

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
