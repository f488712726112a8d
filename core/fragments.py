"""Fragments of a page kept drawn in memory: the menus, the header and footer, a filter form.

Drawing the header and the main menu cost more than the rest of a short page (Django's template engine
resolves every `{% url %}`, `{% static %}` and `{% translate %}` again on each request). Their HTML depends
only on a few things: the language, what the user may do (their permissions and a few flags), the section
the page belongs to. Templates keep them with Django's `{% cache %}` tag in the "fragments" cache, each
process's own memory (config/settings.py), keyed on exactly those things:

    {% cache fragment_seconds main_nav LANGUAGE_CODE chrome_key ... using="fragments" %}

Anything personal (the user's name, the unread count, the CSRF token, the path) stays outside the cached
parts. A fragment built from records (a filter form's options) is also dropped by a signal when one of
those records changes in this process; in other processes it ages out after FRAGMENT_CACHE_SECONDS.
"""

import hashlib

from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language


def permission_fingerprint(user) -> str:
    """A short key for everything the menus ask of a user: two users with the same one see the same menus."""
    if not user.is_authenticated:
        return "anonymous"
    flags = f"{user.is_superuser:d}{user.is_staff:d}{bool(getattr(user, 'team_id', None)):d}"
    permissions = ",".join(sorted(user.get_all_permissions()))
    return flags + hashlib.blake2b(permissions.encode(), digest_size=8).hexdigest()


def clear() -> None:
    """Forget every fragment drawn by this process (a changed record that a filter form lists)."""
    caches["fragments"].clear()


def filter_form_key(request, template_name: str, *vary_on) -> str:
    """A filter form's HTML depends on its input (the query string without the page), the language, the
    page's path (the reset link) and whatever else narrows its options (`vary_on`, e.g. the user's team)."""
    data = sorted((name, value) for name, values in request.GET.lists() if name != "page" for value in values)
    key = repr((template_name, request.path, get_language(), data, vary_on))
    return "filter-form:" + hashlib.blake2b(key.encode(), digest_size=16).hexdigest()


def _forget_on_change(sender, instance=None, update_fields=None, **kwargs) -> None:
    # A sign-in only stamps last_login: the names and teams a form lists have not changed.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    clear()


def clear_on_change(*models) -> None:
    """Drop this process's fragments when a row of these models (a filter form's options) is saved or
    deleted; other processes see the change within FRAGMENT_CACHE_SECONDS."""
    for model in models:
        label = model._meta.label
        post_save.connect(_forget_on_change, sender=model, dispatch_uid=f"fragments.save.{label}")
        post_delete.connect(_forget_on_change, sender=model, dispatch_uid=f"fragments.delete.{label}")


def clear_on_m2m_change(*throughs) -> None:
    """The same for a many-to-many table (User.groups: who is a worker, who a colleague)."""
    for through in throughs:
        m2m_changed.connect(_forget_on_m2m_change, sender=through, dispatch_uid=f"fragments.m2m.{through._meta.label}")


def _forget_on_m2m_change(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        clear()
