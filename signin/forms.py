from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm
from axes.handlers.proxy import AxesProxyHandler
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class SecondStepForm(AuthenticateForm):
    """allauth's second step (a code from the app, or a recovery code), refused while django-axes locks the
    account from this address: the password alone no longer unlocks the code's guessing. Failed codes count
    towards the lock (signin.receivers), as failed passwords do."""

    def clean_code(self) -> str:
        request = context.request
        credentials = {"username": self.user.get_username()}
        if AxesProxyHandler.is_locked(request, credentials):
            # The axes middleware answers with its lockout page, as for the password step.
            request.axes_locked_out = True
            request.axes_credentials = credentials
            raise ValidationError(_("Too many attempts"), code="locked")
        return super().clean_code()
