from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    # /registro-accessi/
    path("", views.event_list, name="event_list"),
    path("persone-coinvolte/", views.people_touched, name="people_touched"),
]
