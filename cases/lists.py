"""The case list's page as plain rows: what each cell shows, read once in Python.

The template engine looks every `{{ case.person.area.label }}` up by trying a dict key, then an attribute,
catching an exception at each step of a model; a row of plain values is read at the first try. The cells
hold the same text the model's own methods give (str(), get_status_display(), the locale's short date).
"""

from django.utils.formats import date_format

from cases.models import Case, CaseNeed, Referral
from core.models import url_with_pk


def case_rows(cases: list[Case]) -> list[dict]:
    needs = CaseNeed.labels_by_case([case.pk for case in cases])
    return [
        {
            "url": case.get_absolute_url(),
            "person": str(case.person),
            "status": case.get_status_display(),
            "status_tone": case.status_tone,
            "opened_on": date_format(case.opened_on, "SHORT_DATE_FORMAT"),
            "responsible": str(case.responsible),
            "area": case.person.area.label if case.person.area_id else "",
            "needs": needs.get(case.pk, []),
        }
        for case in cases
    ]


def follow_up_rows(referrals: list[Referral], today) -> list[dict]:
    """The follow-ups page's referrals (cases/views/cases.py reads only these columns)."""
    return [
        {
            "pk": referral.pk,
            "url": referral.get_absolute_url(),
            "due": date_format(referral.follow_up_on, "SHORT_DATE_FORMAT"),
            "overdue": referral.follow_up_on < today,
            "person": str(referral.case.person),
            "case_url": url_with_pk("cases:case_detail", referral.case_id),
            "opportunity": referral.opportunity.title,
            "organisation": referral.opportunity.organisation.name,
            "status": referral.get_status_display(),
            "status_tone": referral.status_tone,
        }
        for referral in referrals
    ]
