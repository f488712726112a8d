from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from signin import views

app_name = "signin"

urlpatterns = [
    path("sessioni/", views.session_list, name="sessions"),
    path("sessioni/chiudi-le-altre/", views.end_other_sessions, name="end_other_sessions"),
]

# django-allauth's pages under /utente/, without a namespace since allauth names them itself. The login is at
# /accesso/ (config/urls.py); the rest of what allauth offers and Rete does not is answered 404 before it.
NOT_OFFERED = [
    "signup/",
    "email/",
    "password/set/",
    "login/code/confirm/",
    "3rdparty/",
    "3rdparty/signup/",
    "sessions/",
]
allauth_urlpatterns = [
    path("login/", login_not_required(RedirectView.as_view(pattern_name="login", query_string=True))),
    *[path(route, views.not_offered) for route in NOT_OFFERED],
    re_path(r"^confirm-email/", views.not_offered),  # and every key after it: e-mail is the admin's to set
    path("", include("allauth.urls")),
]
