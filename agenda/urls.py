from django.urls import path

from agenda import views

app_name = "agenda"

urlpatterns = [
    # /agenda/
    path("", views.agenda, name="agenda"),
    path("calendario/", views.feed_settings, name="feed_settings"),
    path("calendario/nuovo/", views.feed_create, name="feed_create"),
    path("calendario/revoca/", views.feed_revoke, name="feed_revoke"),
    path("calendario.ics", views.calendar_feed, name="feed"),
]
