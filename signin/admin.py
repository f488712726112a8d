from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialApp, SocialToken
from allauth.usersessions.models import UserSession
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.admin import UserAdmin as AccountsUserAdmin
from signin.policy import SECOND_FACTORS
from signin.services import EndReason, end_sessions, reset_second_factor


@login_not_required
def admin_login(request, extra_context=None):
    """The admin's own login form would skip the second factor: everyone signs in at /accesso/."""
    if request.user.is_authenticated:
        # Signed in without the admin's permission: its login form must not offer another account.
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = admin_login

# Configured from the environment (signin.oidc), kept by the actions below, or not used: the admin's own
# pages for these would show secrets or change them without the audit trail knowing why.
for model in (SocialApp, SocialToken, Authenticator, UserSession, EmailAddress):
    admin.site.unregister(model)

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(AccountsUserAdmin):
    list_display = [*AccountsUserAdmin.list_display, "has_second_factor"]
    actions = ["reset_second_factors", "end_all_sessions"]

    def get_queryset(self, request):
        second_factor = Authenticator.objects.filter(user_id=OuterRef("pk"), type__in=SECOND_FACTORS)
        return super().get_queryset(request).annotate(second_factor=Exists(second_factor))

    @admin.display(boolean=True, description=gettext_lazy("second factor"), ordering="second_factor")
    def has_second_factor(self, user) -> bool:
        return user.second_factor

    @admin.action(permissions=["change"], description=gettext_lazy("Reset the second factor (and end the sessions)"))
    def reset_second_factors(self, request, queryset):
        for user in queryset:
            reset_second_factor(user=user)
        messages.success(request, _("Second factor reset for %(count)d users.") % {"count": len(queryset)})

    @admin.action(permissions=["change"], description=gettext_lazy("End all their sessions"))
    def end_all_sessions(self, request, queryset):
        ended = sum(end_sessions(user=user, reason=EndReason.ADMIN) for user in queryset)
        messages.success(request, _("Sessions ended: %(count)d.") % {"count": ended})
