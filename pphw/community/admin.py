from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pphw.community.counts import category_counts_rebuild
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

    # Changes here bypass the directory's services: work the counts of linkable
    # services per category out again in the same transaction.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        category_counts_rebuild()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        category_counts_rebuild()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        category_counts_rebuild()
