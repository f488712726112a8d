"""CSV downloads of lists and indicators, safe to open in a spreadsheet."""

import csv
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.formats import number_format

# A cell whose text starts with one of these signs is read as a formula by Excel and LibreOffice (CSV
# injection). Spreadsheets skip leading blanks before looking for the sign, and Excel reads the fullwidth
# signs typed with East Asian input methods as the plain ones, so both are covered.
FORMULA_SIGNS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# OWASP also lists a leading tab or carriage return as dangerous, whatever follows.
CONTROL_STARTS = ("\t", "\r")


def neutralise(value) -> str:
    """The text of a cell, prefixed with an apostrophe when a spreadsheet would run it as a formula.

    Numbers are written as the locale writes them ("9,5" in Italian, whose spreadsheets read "9.5" as text
    or as a date); a number is never a formula, so a negative one keeps its sign.
    """
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return number_format(value)
    text = "" if value is None else str(value)
    if text.startswith(CONTROL_STARTS) or text.lstrip().startswith(FORMULA_SIGNS):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(name: str, header: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """Stream rows as CSV: semicolons and a UTF-8 BOM, as Italian spreadsheets expect."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow([neutralise(cell) for cell in header])
        for row in rows:
            yield writer.writerow([neutralise(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


def wants_csv(request) -> bool:
    return request.GET.get("format") == "csv"
