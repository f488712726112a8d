from django.utils.translation import gettext as _

from core.exports import csv_response


def actions_csv(actions):
    header = [_("Date"), _("Kind"), _("Community action"), _("Title"), _("Organisations"), _("Workers"), _("Area")]
    rows = (
        [
            action.date,
            action.get_kind_display(),
            action.get_bond_kind_display(),
            action.title,
            ", ".join(o.name for o in action.organisations.all()),
            ", ".join(str(w) for w in action.workers.all()),
            action.area.label if action.area else "",
        ]
        for action in actions
    )
    return csv_response("azioni-di-comunita", header, rows)
