from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pphw.community.counts import category_counts_rebuild
from pphw.community.models import Location, Organisation, Service
from pphw.community.search_places import search_places_refresh


class LocationInline(admin.TabularInline):
    model = Location
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "aliss_id"]
    search_fields = ["name"]

    # Its name is among the words its services are found by: work those out again.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services = list(obj.services.select_related("organisation"))
        for service in services:
            service.refresh_search_document()
            Service.objects.filter(pk=service.pk).update(search_document=service.search_document)
        search_places_refresh([service.pk for service in services])


@admin.register(Service)
class ServiceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "status", "confirmed", "last_checked_on"]
    list_filter = ["status", "confirmed"]
    search_fields = ["name"]
    inlines = [LocationInline]

    # Changes here bypass the directory's services: work the words searched, the
    # counts of linkable services per category and the service's search places out
    # again in the same transaction.
    def save_model(self, request, obj, form, change):
        obj.refresh_search_document()
        super().save_model(request, obj, form, change)
        category_counts_rebuild()

    def save_formset(self, request, form, formset, change):
        # A place's postcode district follows its postcode, as the services set it.
        for place_form in formset.forms:
            if isinstance(place_form.instance, Location):
                place_form.instance.set_postcode(place_form.instance.postcode)
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        search_places_refresh([form.instance.pk])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        category_counts_rebuild()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        category_counts_rebuild()
