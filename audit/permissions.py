"""Who reads the trail: the members of the auditor group, and nobody else.

Not superusers as such: the trail says which person's record was opened by whom, and the admin who
keeps accounts must not read it (issue 10 point 1). A superuser who is also the DPO joins the group.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

from accounts.roles import AUDITOR


def is_auditor(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    # The admin asks several times per page: one query per request.
    if not hasattr(user, "_audit_is_auditor"):
        user._audit_is_auditor = user.groups.filter(name=AUDITOR).exists()
    return user._audit_is_auditor


def auditor_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_auditor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
