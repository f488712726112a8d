from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from signin.devices import describe
from signin.services import EndReason, end_sessions
from signin.sessions import last_seen, open_sessions


def session_list(request: HttpRequest) -> HttpResponse:
    """My sessions: where I am signed in, from which device and address, and when each was last used."""
    current = request.session.session_key
    sessions = [
        {
            "device": describe(row.user_agent),
            "ip": row.ip,
            "signed_in_at": row.created_at,
            "last_seen": last_seen(row.expires_at),
            "is_current": row.session_key == current,
        }
        for row in open_sessions(request.user)
    ]
    others = sum(not row["is_current"] for row in sessions)
    return render(request, "signin/session_list.html", {"sessions": sessions, "others": others})


@require_POST
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    count = end_sessions(user=request.user, reason=EndReason.SELF, keep_session_key=request.session.session_key)
    messages.success(request, _("Other sessions logged out: %(count)d.") % {"count": count})
    return redirect("signin:sessions")


@login_not_required
def not_offered(request: HttpRequest, **kwargs) -> HttpResponse:
    """An allauth page Rete does not offer (sign-up, e-mail addresses): accounts are an admin's to make."""
    raise Http404
