from allauth.account import views as allauth_views
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from home import views as home_views
from partners import urls as partner_urls
from signin.urls import allauth_urlpatterns

# Answers 503 with Retry-After while the database is down, 500 with a reference id otherwise.
handler500 = "core.errors.server_error"

urlpatterns = [
    path("", home_views.home, name="home"),
    path("cerca/", home_views.search_page, name="search"),
    path("", include("core.health")),  # /healthz, /readyz and the older /health/
    path("dichiarazione-di-accessibilita/", home_views.accessibility, name="accessibility"),
    path("favicon.ico", home_views.favicon, name="favicon"),
    # django-allauth's login: the password, then the second factor (/utente/2fa/authenticate/) if any.
    path("accesso/", allauth_views.login, name="login"),
    path("uscita/", auth_views.LogoutView.as_view(), name="logout"),
    path("utente/", include("signin.urls")),
    path("utente/", include(allauth_urlpatterns)),
    # The language switch must work on the login page too.
    path("lingua/", login_not_required(set_language), name="set_language"),
    path("territorio/", include("territory.urls")),
    path("casi/", include("cases.urls")),
    path("casi/", include((partner_urls.manage_patterns, "partners"))),
    # Partners: the public pages behind e-mailed links, and the portal of partner accounts.
    path("collegamento/", include((partner_urls.link_patterns, "links"))),
    path("portale/", include((partner_urls.portal_patterns, "portal"))),
    path("comunita/", include("community.urls")),
    path("indicatori/", include("indicators.urls")),
    path("registro-accessi/", include("audit.urls")),
    path("notifiche/", include("notifications.urls")),
    path("agenda/", include("agenda.urls")),
    path("piano-di-zona/", include("planning.urls")),
    path("documenti/", include("documents.urls")),
    # The public directory and the open HSDS 3.0 API: no login, published records only (directory app).
    path("servizi/", include("directory.urls")),
    path("hsds/", include("directory.api_urls")),
    path("admin/", admin.site.urls),
    # The staff API (bearer tokens) and the pages of its tokens and webhooks.
    path("api/v1/", include("api.urls")),
    path("chiavi-api/", include("api.page_urls")),
]

if settings.BENCH:
    # The benchmark's floor view (bench/run.py), never routed in production.
    urlpatterns.append(path("bench/floor/", home_views.floor, name="floor"))

if "demo" in settings.INSTALLED_APPS:
    # The demo's mailbox: the e-mails the demo sends, readable by its administrator (demo/views.py).
    urlpatterns.append(path("demo/", include("demo.urls")))
