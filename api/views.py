"""A user's own API tokens, and the administrators' webhooks with the state of each delivery."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from api import services
from api.forms import TokenForm, WebhookForm
from api.models import ApiToken, WebhookDelivery, WebhookSubscription
from audit.access import get_visible_or_404
from core.forms import model_data

RECENT_DELIVERIES = 20


@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        # Shown on this answer only, never again: no redirect, so the secret is in no address or session.
        created = services.create_token(owner=request.user, **model_data(form))
        form = TokenForm()
    tokens = ApiToken.objects.visible_to(request.user)
    return render(request, "api/token_list.html", {"form": form, "tokens": tokens, "created": created})


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_visible_or_404(request, ApiToken.objects.all(), pk=pk)
    services.revoke_token(token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api_pages:token_list")


@require_http_methods(["GET", "POST"])
@permission_required("api.manage_webhooks", raise_exception=True)
def webhook_list(request: HttpRequest) -> HttpResponse:
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.create_webhook(created_by=request.user, **model_data(form))
        messages.success(request, _("Webhook added."))
        return redirect("api_pages:webhook_list")
    subscriptions = list(WebhookSubscription.objects.visible_to(request.user))
    deliveries = list(
        WebhookDelivery.objects.visible_to(request.user).select_related("subscription")[:RECENT_DELIVERIES]
    )
    return render(
        request, "api/webhook_list.html", {"form": form, "subscriptions": subscriptions, "deliveries": deliveries}
    )


@require_POST
@permission_required("api.manage_webhooks", raise_exception=True)
def webhook_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = get_visible_or_404(request, WebhookSubscription.objects.all(), pk=pk)
    services.set_webhook_active(subscription=subscription, active=not subscription.active)
    messages.success(request, _("Webhook switched on.") if subscription.active else _("Webhook switched off."))
    return redirect("api_pages:webhook_list")
