from django.contrib import admin
from django.db import models

from territory.models import Area, Contact, Opportunity, Organisation, PovertyDimension, Protocol, TargetGroup


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "istat_code"]
    list_filter = ["kind", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "istat_code"]
    autocomplete_fields = ["parent"]


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "__str__"]
    search_fields = ["code"]


@admin.register(PovertyDimension)
class PovertyDimensionAdmin(admin.ModelAdmin):
    list_display = ["code", "__str__"]
    search_fields = ["code"]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["first_name", "last_name", "role", "email", "phone", "is_liaison", "active"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "fiscal_code", "active", "updated_at"]
    list_filter = ["kind", "active", "municipality", "target_groups", "poverty_dimensions"]
    list_select_related = ["municipality"]
    search_fields = ["name", "fiscal_code", "vat_number", "address", "runts_number"]
    filter_horizontal = ["areas_served", "target_groups", "poverty_dimensions"]
    inlines = [ContactInline]
    # As territory.forms.OrganisationForm: a website typed without a scheme is https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "organisation", "role", "email", "is_liaison", "active"]
    list_filter = ["is_liaison", "active", "organisation__kind"]
    list_select_related = ["organisation"]
    search_fields = ["last_name", "first_name", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "kind", "capacity", "start_date", "end_date", "active"]
    list_filter = ["kind", "active", "target_groups", "poverty_dimensions", "areas"]
    list_select_related = ["organisation"]
    search_fields = ["title", "description", "organisation__name"]
    autocomplete_fields = ["organisation", "liaison"]
    filter_horizontal = ["target_groups", "poverty_dimensions", "areas"]


@admin.register(Protocol)
class ProtocolAdmin(admin.ModelAdmin):
    list_display = ["title", "start_date", "end_date"]
    list_filter = ["start_date"]
    search_fields = ["title", "scope", "partners__name"]
    filter_horizontal = ["partners"]
