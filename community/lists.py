"""The community log's page as plain rows (see cases/lists.py for why): the same text the models' own methods
give, the organisations' and workers' names read in one query each rather than prefetched."""

from django.contrib.auth import get_user_model
from django.utils.formats import date_format

from community.models import CommunityAction
from core.models import related_values


def action_rows(actions: list[CommunityAction]) -> list[dict]:
    ids = [action.pk for action in actions]
    organisations = related_values(CommunityAction.organisations, ids, "name")
    user = get_user_model()
    workers = {
        action_id: [str(user(username=username, first_name=first, last_name=last)) for username, first, last in names]
        for action_id, names in related_values(
            CommunityAction.workers, ids, "username", "first_name", "last_name"
        ).items()
    }
    return [
        {
            "url": action.get_absolute_url(),
            "date": date_format(action.date, "SHORT_DATE_FORMAT"),
            "kind": action.get_kind_display(),
            "builds_belonging": action.builds_belonging,
            "bond_tone": action.bond_tone,
            "bond_kind": action.get_bond_kind_display(),
            "title": action.title,
            "organisations": organisations.get(action.pk, []),
            "workers": workers.get(action.pk, []),
            "area": action.area.label if action.area_id else "",
        }
        for action in actions
    ]
