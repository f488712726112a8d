from django.urls import path

from territory.views import imports, offers, opportunities, organisations, protocols

app_name = "territory"

urlpatterns = [
    # /territorio/organizzazioni/
    path("organizzazioni/", organisations.organisation_list, name="organisation_list"),
    path("organizzazioni/nuova/", organisations.organisation_create, name="organisation_create"),
    path("organizzazioni/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path("organizzazioni/<int:pk>/modifica/", organisations.organisation_update, name="organisation_update"),
    path("organizzazioni/<int:pk>/verifica/", organisations.organisation_verify, name="organisation_verify"),
    path("organizzazioni/<int:organisation_pk>/contatti/nuovo/", organisations.contact_create, name="contact_create"),
    # /territorio/contatti/
    path("contatti/<int:pk>/modifica/", organisations.contact_update, name="contact_update"),
    # /territorio/opportunita/
    path("opportunita/", opportunities.opportunity_list, name="opportunity_list"),
    path("opportunita/nuova/", opportunities.opportunity_create, name="opportunity_create"),
    path("opportunita/<int:pk>/", opportunities.opportunity_detail, name="opportunity_detail"),
    path("opportunita/<int:pk>/modifica/", opportunities.opportunity_update, name="opportunity_update"),
    path("opportunita/<int:pk>/verifica/", opportunities.opportunity_verify, name="opportunity_verify"),
    # /territorio/disponibilita/: offered availability
    path("disponibilita/", offers.offer_list, name="offer_list"),
    path("disponibilita/nuova/", offers.offer_create, name="offer_create"),
    path("disponibilita/<int:pk>/", offers.offer_detail, name="offer_detail"),
    path("disponibilita/<int:pk>/modifica/", offers.offer_update, name="offer_update"),
    path("disponibilita/<int:pk>/ritira/", offers.offer_withdraw, name="offer_withdraw"),
    # /territorio/importa/ and the HSDS export
    path("importa/", imports.import_start, name="import_start"),
    path("importa/<int:pk>/", imports.import_detail, name="import_detail"),
    path("importa/<int:pk>/conferma/", imports.import_confirm, name="import_confirm"),
    path("importa/colonne/", imports.import_columns, name="import_columns"),
    path("importa/modello/<str:kind>.csv", imports.import_template, name="import_template"),
    path("hsds.json", opportunities.hsds_export, name="hsds_export"),
    # /territorio/protocolli/
    path("protocolli/", protocols.protocol_list, name="protocol_list"),
    path("protocolli/nuovo/", protocols.protocol_create, name="protocol_create"),
    path("protocolli/<int:pk>/", protocols.protocol_detail, name="protocol_detail"),
    path("protocolli/<int:pk>/documento/", protocols.protocol_document, name="protocol_document"),
    path("protocolli/<int:pk>/modifica/", protocols.protocol_update, name="protocol_update"),
]
