from django.urls import path

from api import views

app_name = "api_pages"

urlpatterns = [
    # /chiavi-api/: a user's own tokens
    path("", views.token_list, name="token_list"),
    path("<int:pk>/revoca/", views.token_revoke, name="token_revoke"),
    # /chiavi-api/webhook/: the administrators' webhooks
    path("webhook/", views.webhook_list, name="webhook_list"),
    path("webhook/<int:pk>/attiva/", views.webhook_toggle, name="webhook_toggle"),
]
