from django.urls import path

from directory import api

app_name = "hsds"

urlpatterns = [
    path("", api.root, name="root"),
    path("organizations", api.organization_list, name="organizations"),
    path("organizations/<uuid:uuid>", api.organization_detail, name="organization"),
    path("services", api.service_list, name="services"),
    path("services/<uuid:uuid>", api.service_detail, name="service"),
    path("service_at_locations", api.service_at_location_list, name="service_at_locations"),
    path("taxonomies", api.taxonomy_list, name="taxonomies"),
    path("taxonomy_terms", api.taxonomy_term_list, name="taxonomy_terms"),
]
