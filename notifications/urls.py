from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    # /notifiche/
    path("", views.notification_list, name="list"),
    path("<int:pk>/apri/", views.notification_open, name="open"),
    path("lette/", views.notification_read_all, name="read_all"),
    path("preferenze/", views.preferences, name="preferences"),
]
