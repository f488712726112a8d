from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("", views.opportunity_list, name="list"),
    path("<uuid:uuid>/", views.opportunity_detail, name="opportunity"),
    path("lingua/", views.language, name="language"),
]
