"""Warn the auditors when an account opens an unusual number of people's records (issue 10 point 10).

A worker follows a few dozen people; an account opening hundreds of records in an hour is a script,
a stolen session or curiosity, and the DPO must know before the 72 hours of a breach notification
start running out.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.roles import AUDITOR
from audit.models import AccessAlert, Action, AuditEvent
from outbox.services import queue_email

DEFAULT_PEOPLE_PER_HOUR = 50


def people_per_hour() -> int:
    return getattr(settings, "AUDIT_ALERT_PEOPLE_PER_HOUR", DEFAULT_PEOPLE_PER_HOUR)


def check_people_opened(user) -> AccessAlert | None:
    """After an audited read of a person's record: one query, and an alert the first time in the hour.

    The count is over the last sixty minutes; the alert is kept once per account and clock hour.
    Once an alert exists for the hour the same query counts nothing, so later reads cost no more.
    """
    now = timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    threshold = people_per_hour()
    people = (
        AuditEvent.objects.filter(
            user=user,
            at__gt=now - timedelta(hours=1),
            action__in=[Action.READ, Action.EXPORT],
            allowed=True,
            subject_person_id__isnull=False,
        )
        .filter(~Exists(AccessAlert.objects.filter(user=user, hour=hour)))
        .aggregate(people=Count("subject_person_id", distinct=True))["people"]
    )
    if people <= threshold:
        return None
    try:
        with transaction.atomic():
            alert = AccessAlert.objects.create(
                user=user, username=user.get_username(), hour=hour, people=people, threshold=threshold
            )
    except IntegrityError:
        return None  # another request of the same account raised it a moment ago
    notify_auditors(alert)
    return alert


def notify_auditors(alert: AccessAlert) -> int:
    """Queue one e-mail to each active auditor; it names the account and the count, never a person.

    Through the outbox: a mail server down delays the e-mail (retried) and breaks nobody's work.
    """
    auditors = get_user_model().objects.filter(groups__name=AUDITOR, is_active=True).exclude(email="").distinct()
    with translation.override(settings.LANGUAGE_CODE):
        context = {"alert": alert}
        subject = render_to_string("audit/alert_email_subject.txt", context).strip()
        body = render_to_string("audit/alert_email.txt", context)
    queued = [
        queue_email(
            kind="access_alert",
            recipient=str(auditor),
            address=auditor.email,
            subject=subject,
            body=body,
            about=alert,
            dedupe_key=f"access-alert:{alert.pk}:{auditor.pk}",
        )
        for auditor in auditors
    ]
    return sum(email is not None for email in queued)
