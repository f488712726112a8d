from django.utils.translation import gettext as _

from core.exports import csv_response


def cases_csv(cases):
    header = [_("Person"), _("Status"), _("Opened on"), _("Responsible"), _("Area"), _("Needs")]
    rows = (
        [
            case.person,
            case.get_status_display(),
            case.opened_on,
            case.responsible,
            case.person.area.label if case.person.area else "",
            ", ".join(str(need) for need in case.needs.all()),
        ]
        for case in cases
    )
    return csv_response("casi", header, rows)
