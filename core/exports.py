"""CSV downloads of lists and indicators, safe to open in a spreadsheet."""

import csv
from collections.abc import Iterable, Sequence

from django.http import StreamingHttpResponse
from django.utils import timezone

# A cell whose text starts with one of these signs is read as a formula by Excel and LibreOffice (CSV
# injection). Spreadsheets skip leading blanks before looking for the sign, and Excel reads the fullwidth
# signs typed with East Asian input methods as the plain ones, so both are covered.
FORMULA_SIGNS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# OWASP also lists a leading tab or carriage return as dangerous, whatever follows.
CONTROL_STARTS = ("\t", "\r")


def neutralise(value) -> str:
    """The text of a cell, prefixed with an apostrophe when a spreadsheet would run it as a formula."""
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
