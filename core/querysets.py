"""The one access rule: every model that users see answers `objects.visible_to(user)`.

Views never filter by role or team themselves; they hand the model's queryset to
`audit.access.get_visible_or_404` (one record) or call `.visible_to(request.user)` (lists).
"""

from django.db import models


class RoleScopedQuerySet(models.QuerySet):
    """Records shared by the whole service: whoever holds the view permission sees them all.

    Directory and community records hold no one's personal story, so they are not split by team.
    Users without the permission see nothing, so a record they may not see answers 404, exactly as a
    missing one. `view_permission` defaults to the model's own "view" permission.
    """

    view_permission: str = ""

    def permission_to_view(self) -> str:
        opts = self.model._meta
        return self.view_permission or f"{opts.app_label}.view_{opts.model_name}"

    def visible_to(self, user):
        if user.is_authenticated and user.has_perm(self.permission_to_view()):
            return self.all()
        return self.none()
