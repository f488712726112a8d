from django.urls import path

from indicators import views

app_name = "indicators"

urlpatterns = [
    # /indicatori/
    path("", views.dashboard, name="dashboard"),
    path("collaborazioni/", views.collaboration, name="collaboration"),
    path("collaborazioni/<int:pk>/", views.organisation_collaboration, name="organisation_collaboration"),
    path("mappa/", views.resource_map, name="map"),
    path("rete/", views.network, name="network"),
]
