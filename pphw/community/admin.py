from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pphw.community.models import Location, Organisation, Service


class LocationInline(admin.TabularInline):
    model = Location
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "aliss_id"]
    search_fields = ["name"]


@admin.register(Service)
class ServiceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "status", "confirmed", "last_checked_on"]
    list_filter = ["status", "confirmed"]
    search_fields = ["name"]
    inlines = [LocationInline]
