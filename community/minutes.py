"""The minutes of a table meeting as an e-mail in Italian, with the minutes also as a PDF."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from community.models import Meeting, MinutesDelivery
from core.pdf import html_to_pdf


def minutes_pdf(meeting: Meeting) -> bytes:
    return html_to_pdf(render_to_string("community/minutes_pdf.html", {"meeting": meeting}))


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
