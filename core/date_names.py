"""Month and weekday names as Italian writes them: in lower case ("martedì 10 novembre 2026").

Django's own Italian catalogue capitalises them ("Martedì 10 Novembre 2026"), and its date formats
(DATE_FORMAT "d F Y", DATETIME_FORMAT "l d F Y H:i") take the names from there. The project's catalogue
(LOCALE_PATHS) comes first, so translating the same msgids there in lower case fixes every page, e-mail and
PDF that formats a date through the locale. This module only marks the msgids, so that `make messages` keeps
them in the catalogue; nothing imports the names from here.
"""

from django.utils.translation import gettext_noop

MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
WEEKDAYS = [
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
]
WEEKDAYS_ABBR = [
    gettext_noop("Mon"),
    gettext_noop("Tue"),
    gettext_noop("Wed"),
    gettext_noop("Thu"),
    gettext_noop("Fri"),
    gettext_noop("Sat"),
    gettext_noop("Sun"),
]
