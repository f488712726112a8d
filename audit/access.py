"""Fetching one record through the access rule, with refusals in the audit trail."""

from django.db import models
from django.http import Http404, HttpRequest

from audit.services import record_denied


def get_visible_or_404(request: HttpRequest, queryset: models.QuerySet, **lookup):
    """The record if `request.user` may see it; otherwise 404, and a denied event if it exists at all.

    `queryset` is the model's unscoped queryset (with its select_related and so on): the scope is
    always applied here, through the model's `visible_to`, so no view can forget it. Forbidden looks
    exactly like missing to the user; the audit trail tells them apart.
    """
    try:
        return queryset.visible_to(request.user).get(**lookup)
    except queryset.model.DoesNotExist:
        # Recorded only if the record exists, with the person it concerns: one query.
        record_denied(queryset.model, lookup)
        raise Http404 from None
