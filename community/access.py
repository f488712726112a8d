from django.db.models import QuerySet


def shared_with(user, queryset: QuerySet, permission: str = "") -> QuerySet:
    """Community work is shared by the whole service: everyone in a role sees it, others nothing.

    Unlike case records (cases.models.TeamScopedQuerySet) it holds no one's personal story, so it is
    not split by team; a user without the role gets 404, as for a missing record.
    """
    opts = queryset.model._meta
    if user.has_perm(permission or f"{opts.app_label}.view_{opts.model_name}"):
        return queryset
    return queryset.none()
