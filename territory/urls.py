from django.urls import path

from territory import import_views, views

app_name = "territory"

urlpatterns = [
    # /territorio/organizzazioni/
    path("organizzazioni/", views.organisation_list, name="organisation_list"),
    path("organizzazioni/nuova/", views.organisation_create, name="organisation_create"),
    path("organizzazioni/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organizzazioni/<int:pk>/modifica/", views.organisation_update, name="organisation_update"),
    path("organizzazioni/<int:organisation_pk>/contatti/nuovo/", views.contact_create, name="contact_create"),
    # /territorio/contatti/
    path("contatti/<int:pk>/modifica/", views.contact_update, name="contact_update"),
    # /territorio/opportunita/
    path("opportunita/", views.opportunity_list, name="opportunity_list"),
    path("opportunita/nuova/", views.opportunity_create, name="opportunity_create"),
    path("opportunita/<int:pk>/", views.opportunity_detail, name="opportunity_detail"),
    path("opportunita/<int:pk>/modifica/", views.opportunity_update, name="opportunity_update"),
    # /territorio/importa/ and the HSDS export
    path("importa/", import_views.import_start, name="import_start"),
    path("importa/conferma/", import_views.import_confirm, name="import_confirm"),
    path("importa/modello/<str:kind>.csv", import_views.import_template, name="import_template"),
    path("hsds.json", views.hsds_export, name="hsds_export"),
    # /territorio/protocolli/
    path("protocolli/", views.protocol_list, name="protocol_list"),
    path("protocolli/nuovo/", views.protocol_create, name="protocol_create"),
    path("protocolli/<int:pk>/", views.protocol_detail, name="protocol_detail"),
    path("protocolli/<int:pk>/documento/", views.protocol_document, name="protocol_document"),
    path("protocolli/<int:pk>/modifica/", views.protocol_update, name="protocol_update"),
]
