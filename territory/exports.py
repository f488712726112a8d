from django.utils.translation import gettext as _

from core.exports import csv_response


def organisations_csv(organisations):
    header = [
        _("Name"), _("Kind"), _("RUNTS section"), _("Codice fiscale"), _("Address"), _("Municipality"),
        _("E-mail"), _("Phone"), _("Target groups"), _("Poverty dimensions"), _("Active"),
    ]  # fmt: skip
    rows = (
        [
            o.name,
            o.get_kind_display(),
            o.runts_section.label if o.runts_section else "",
            o.fiscal_code,
            o.address,
            o.municipality or "",
            o.email,
            o.phone,
            ", ".join(str(g) for g in o.target_groups.all()),
            ", ".join(str(d) for d in o.poverty_dimensions.all()),
            _("yes") if o.active else _("no"),
        ]
        for o in organisations
    )
    return csv_response("organizzazioni", header, rows)


def opportunities_csv(opportunities):
    header = [
        _("Title"), _("Organisation"), _("Kind"), _("Areas"), _("Target groups"), _("Poverty dimensions"),
        _("Capacity"), _("Start date"), _("End date"), _("Liaison figure"), _("Active"),
    ]  # fmt: skip
    rows = (
        [
            o.title,
            o.organisation.name,
            o.get_kind_display(),
            ", ".join(a.name for a in o.areas.all()),
            ", ".join(str(g) for g in o.target_groups.all()),
            ", ".join(str(d) for d in o.poverty_dimensions.all()),
            o.capacity or "",
            o.start_date or "",
            o.end_date or "",
            o.liaison or "",
            _("yes") if o.active else _("no"),
        ]
        for o in opportunities
    )
    return csv_response("opportunita", header, rows)
