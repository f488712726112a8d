"""Three sets of pages, mounted by config/urls.py under their own namespace.

- links: the public pages behind the e-mailed links (the token is the credential);
- portal: the partner's portal (partner accounts only; partners.middleware fences them in here);
- partners: the worker's side of a referral's links, beside the referral's own pages.
"""

from django.urls import path, re_path

from partners.tokens import TOKEN_PATTERN
from partners.views import links, manage, portal

# /collegamento/
link_patterns = [
    re_path(rf"^invio/(?P<token>{TOKEN_PATTERN})/$", links.referral, name="referral"),
    re_path(rf"^verbale/(?P<token>{TOKEN_PATTERN})/$", links.minutes, name="minutes"),
    re_path(rf"^azione/(?P<token>{TOKEN_PATTERN})/$", links.action_item, name="action_item"),
]

# /portale/
portal_patterns = [
    path("", portal.home, name="home"),
    path("invii/<int:pk>/", portal.referral, name="referral"),
    path("organizzazione/", portal.listing, name="listing"),
    path("organizzazione/modifica/", portal.listing_edit, name="listing_edit"),
    path("organizzazione/verificata/", portal.listing_verify, name="listing_verify"),
    path("contatti/nuovo/", portal.contact_edit, name="contact_create"),
    path("contatti/<int:pk>/", portal.contact_edit, name="contact_edit"),
    path("opportunita/nuova/", portal.opportunity_edit, name="opportunity_create"),
    path("opportunita/<int:pk>/", portal.opportunity_edit, name="opportunity_edit"),
    path("tavoli/", portal.tables, name="tables"),
    path("verbali/<int:pk>/", portal.minutes, name="minutes"),
]

# /casi/invii/<pk>/partner/
manage_patterns = [
    path("invii/<int:pk>/partner/", manage.referral_access, name="referral_access"),
    path("invii/<int:pk>/partner/reinvia/", manage.referral_resend, name="referral_resend"),
    path("invii/<int:pk>/partner/revoca/", manage.referral_revoke, name="referral_revoke"),
]
