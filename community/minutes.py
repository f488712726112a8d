"""The minutes of a table meeting as an e-mail in Italian, with the minutes also as a PDF."""

import io

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from xhtml2pdf import pisa

from community.models import Meeting, MinutesDelivery


class PdfError(RuntimeError):
    pass


def minutes_pdf(meeting: Meeting) -> bytes:
    # xhtml2pdf is pure Python: a fresh machine needs no system library to produce the PDF.
    html = render_to_string("community/minutes_pdf.html", {"meeting": meeting})
    output = io.BytesIO()
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8")
    if result.err:
        raise PdfError(f"could not render the minutes of meeting {meeting.pk}")
    return output.getvalue()


def minutes_filename(meeting: Meeting) -> str:
    return f"verbale-{slugify(meeting.table.name)}-{meeting.starts_at:%Y-%m-%d}.pdf"


def minutes_email(delivery: MinutesDelivery, pdf: bytes) -> EmailMessage:
    """The message for one member. Always in Italian: members are not users with a language choice."""
    meeting = delivery.meeting
    with translation.override("it"):
        context = {"meeting": meeting, "recipient": delivery.recipient}
        subject = render_to_string("community/minutes_email_subject.txt", context).strip()
        body = render_to_string("community/minutes_email.txt", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [delivery.email])
    message.attach(minutes_filename(meeting), pdf, "application/pdf")
    return message
