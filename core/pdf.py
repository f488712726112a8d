import io

from xhtml2pdf import pisa


class PdfError(RuntimeError):
    pass


def html_to_pdf(html: str) -> bytes:
    # xhtml2pdf is pure Python: a fresh machine needs no system library to produce a PDF.
    output = io.BytesIO()
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8")
    if result.err:
        raise PdfError("could not render the PDF")
    return output.getvalue()
