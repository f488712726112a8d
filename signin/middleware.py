from django.shortcuts import redirect

from signin.policy import ENROLMENT_DUE, remember_enrolment_due

# What a user who owes a second factor may still open: enrolment itself, the password check that
# enrolment may ask for again after a while, the language switch and the way out.
ENROLMENT_PAGES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_index",
        "account_reauthenticate",
        "set_language",
        "logout",
        "account_logout",
    }
)


class SecondFactorEnrolmentMiddleware:
    """A role that requires a second factor (signin.policy) reaches no page but enrolment until it has one.

    The answer is worked out at sign-in and kept in the session, so the requests of everyone else cost no
    query; a session without it (one from before this rule) works it out once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.session.get(ENROLMENT_DUE, True):
            # Asked again on each request until enrolled (whichever page or session enrolled): only the
            # few sessions that owe a second factor pay for the query.
            remember_enrolment_due(request, user)
        if not request.session[ENROLMENT_DUE] or request.resolver_match.url_name in ENROLMENT_PAGES:
            return None
        return redirect("mfa_activate_totp")
