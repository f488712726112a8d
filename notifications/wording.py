"""Wording a notification in the reader's language, from the plain data it keeps."""

from datetime import date

from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.kinds import MESSAGES


def choice(choices_path: str, value: str) -> dict:
    """A parameter worded as the label of a choice (e.g. a referral status), in the reader's language."""
    return {"choices": choices_path, "value": value}


def due_phrase(due: date, today: date) -> str:
    if due == today:
        return _("due today")
    if due < today:
        return _("overdue since %(date)s") % {"date": date_format(due, "SHORT_DATE_FORMAT")}
    return _("due on %(date)s") % {"date": date_format(due, "SHORT_DATE_FORMAT")}


def counted(key: str, count: int) -> str:
    """A count worded with its noun in the right plural form ("1 record creato", "3 record creati")."""
    if key == "created":
        return ngettext("%(count)s record created", "%(count)s records created", count) % {"count": count}
    return ngettext("%(count)s record updated", "%(count)s records updated", count) % {"count": count}


def worded_params(params: dict, today: date) -> dict:
    worded = {}
    for key, value in params.items():
        if isinstance(value, dict) and "choices" in value:
            worded[key] = str(import_string(value["choices"])(value["value"]).label).lower()
        elif key == "due":
            worded["when"] = due_phrase(parse_date(value), today)
        elif key in ("created", "updated"):
            worded[key] = counted(key, value)
        elif key == "date":
            worded[key] = date_format(parse_date(value), "SHORT_DATE_FORMAT")
        else:
            worded[key] = value
    return worded


def message(kind: str, params: dict, today: date) -> str:
    return str(MESSAGES[kind]) % worded_params(params, today)
