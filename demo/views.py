"""The demo's mailbox: every e-mail the app queued, as its recipient gets it, for trying the app locally.

Only in the demo app (DEBUG or DEMO=1), and only for the administrator: in production e-mail leaves
through the mail server and nobody reads other people's messages in the app.
"""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from outbox.models import Attachment, Email

# The administrator's role keeps accounts: the demo's postmaster.
POSTMASTER = "accounts.view_user"


@require_GET
@permission_required(POSTMASTER, raise_exception=True)
def mailbox(request: HttpRequest) -> HttpResponse:
    emails = Email.objects.order_by("-created_at", "-pk").prefetch_related("attachments")
    page = Paginator(emails, 30).get_page(request.GET.get("page"))
    return render(request, "demo/mailbox.html", {"page": page})


@require_GET
@permission_required(POSTMASTER, raise_exception=True)
def message(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(Email.objects.prefetch_related("attachments"), pk=pk)
    return render(request, "demo/message.html", {"email": email})


@require_GET
@permission_required(POSTMASTER, raise_exception=True)
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    attached = get_object_or_404(Attachment, pk=pk)
    response = HttpResponse(bytes(attached.content), content_type=attached.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{attached.filename}"'
    return response
