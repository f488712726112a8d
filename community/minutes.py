"""The minutes of a table meeting as an e-mail in Italian, with the minutes also as a PDF."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from community.models import Meeting
from core.pdf import html_to_pdf


def minutes_pdf(meeting: Meeting) -> bytes:
    return html_to_pdf(render_to_string("community/minutes_pdf.html", {"meeting": meeting}))


def minutes_filename(meeting: Meeting) -> str:
    return f"verbale-{slugify(meeting.table.name)}-{meeting.starts_at:%Y-%m-%d}.pdf"


def minutes_email(meeting: Meeting, recipient: str, *, version=None, answer_url="", items=()) -> tuple[str, str]:
    """Subject and body for one member. Always in Italian: members are not users with a language choice.

    `answer_url` is the member's link to confirm the minutes or ask for a correction; `items` their open
    action items, each with the link to close it (community.links).
    """
    with translation.override("it"):
        context = {
            "meeting": meeting,
            "recipient": recipient,
            "version": version,
            "answer_url": answer_url,
            "items": items,
        }
        subject = render_to_string("community/minutes_email_subject.txt", context).strip()
        body = render_to_string("community/minutes_email.txt", context)
    return subject, body
