"""Downloads for spreadsheet programs: CSV (streamed, UTF-8 with a byte-order mark so Chinese
text opens correctly) and XLSX, with free text kept as data, never run as a formula."""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def as_text(value: str) -> str:
    """Free text as data, never a spreadsheet formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer in a stream."""

    def write(self, value):
        return value


def _with_bom(stream):
    yield "\ufeff"
    yield from stream


def csv_response(rows, filename: str) -> StreamingHttpResponse:
    """`rows` (an iterable of lists, the header first) as a CSV download, a row at a time."""
    writer = csv.writer(_Echo())
    stream = (writer.writerow(row) for row in rows)
    response = StreamingHttpResponse(_with_bom(stream), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(rows, filename: str, sheet: str) -> HttpResponse:
    """`rows` (the header first) as one sheet of an XLSX download."""
    # Imported here: openpyxl costs every web worker ~30 MB, and only downloads need it.
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
