from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("bench/floor/", core_views.floor, name="floor"),
    path("accesso/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("uscita/", auth_views.LogoutView.as_view(), name="logout"),
    # The language switch must work on the login page too.
    path("lingua/", login_not_required(set_language), name="set_language"),
    path("territorio/", include("territory.urls")),
    path("casi/", include("cases.urls")),
    path("comunita/", include("community.urls")),
    path("indicatori/", include("indicators.urls")),
    path("registro-accessi/", include("audit.urls")),
    path("admin/", admin.site.urls),
]
