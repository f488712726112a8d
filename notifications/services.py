"""Writes of notifications: telling one user, marking read, and the daily digest e-mail."""

from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.models import EmailMode, Notification, Preference
from outbox.services import queue_email

DEFAULT_DIGEST_HOUR = 7


def preference_for(user) -> Preference:
    """The user's preferences, or the defaults (a daily digest at 7) when they never chose."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def may_see(user, record: models.Model | None) -> bool:
    """Nobody is told about a record they may not see (the model's own access rule decides)."""
    if record is None:
        return True
    return type(record)._default_manager.visible_to(user).filter(pk=record.pk).exists()


def notify(
    *, user, kind: str, params: dict, record: models.Model | None = None, dedupe_key: str | None = None
) -> Notification | None:
    """Tell `user` about `record`; by e-mail too if they want each one at once. None if not told."""
    if user is None or not user.is_active or not may_see(user, record):
        return None
    notification = Notification(
        user=user,
        kind=kind,
        params=params,
        record_type=record._meta.label_lower if record is not None else "",
        record_id=str(record.pk) if record is not None else "",
        url=record.get_absolute_url() if record is not None and hasattr(record, "get_absolute_url") else "",
        dedupe_key=dedupe_key,
    )
    try:
        with transaction.atomic():
            notification.save()
            _count_unread(user, +1)
    except IntegrityError:
        if dedupe_key and Notification.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    if preference_for(user).email_mode == EmailMode.IMMEDIATE and user.email:
        _email(user, [notification], subject=notification.message(), key=f"notification:{notification.pk}")
    return notification


@transaction.atomic
def mark_read(*, notification: Notification) -> Notification:
    # The conditional UPDATE decides: a notification opened twice at once is counted once.
    if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now()):
        _count_unread(notification.user, -1)
    notification.refresh_from_db(fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, user) -> int:
    count = Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    _recount_unread(user)
    return count


def _count_unread(user, delta: int) -> None:
    get_user_model().objects.filter(pk=user.pk).update(
        unread_notifications=Greatest(F("unread_notifications") + delta, 0)
    )


def _recount_unread(user) -> None:
    unread = Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True).values("user")
    get_user_model().objects.filter(pk=user.pk).update(
        unread_notifications=Coalesce(Subquery(unread.annotate(n=Count("pk")).values("n")), 0)
    )


@transaction.atomic
def save_preference(*, user, email_mode: str, digest_hour: int) -> Preference:
    preference, _created = Preference.objects.update_or_create(
        user=user, defaults={"email_mode": email_mode, "digest_hour": digest_hour}
    )
    return preference


def users_due_a_digest(hour: int):
    """Active users with notifications waiting for their digest, whose digest time is `hour`."""
    chose_this_hour = Q(notification_preference__email_mode=EmailMode.DIGEST, notification_preference__digest_hour=hour)
    default = Q(notification_preference__isnull=True) if hour == DEFAULT_DIGEST_HOUR else Q(pk__in=[])
    waiting = Notification.objects.filter(emailed_at__isnull=True).values("user_id")
    users = get_user_model().objects.filter(is_active=True, pk__in=waiting).exclude(email="")
    return users.filter(chose_this_hour | default)


@transaction.atomic
def send_digest(*, user, now: datetime) -> int:
    """One e-mail listing what waits for the user; at most one a day, however often the job runs."""
    pending = list(Notification.objects.filter(user=user, emailed_at__isnull=True, created_at__lte=now))
    if not pending:
        return 0
    day = timezone.localtime(now).date()
    with translation.override("it"):
        subject = render_to_string("notifications/digest_subject.txt", {"count": len(pending), "day": day})
    if _email(user, pending, subject=subject, key=f"digest:{user.pk}:{day.isoformat()}") is None:
        return 0
    return len(pending)


def send_digests(*, now: datetime) -> int:
    hour = timezone.localtime(now).hour
    return sum(send_digest(user=user, now=now) for user in users_due_a_digest(hour))


def _email(user, notifications: list[Notification], *, subject: str, key: str):
    """Queue the e-mail (always in Italian: the service's language) and mark what it carries."""
    today = timezone.localdate()
    with translation.override("it"):
        lines = [(n.message(today), settings.SITE_URL + n.url if n.url else "") for n in notifications]
        body = render_to_string("notifications/email.txt", {"user": user, "lines": lines})
    email = queue_email(
        kind="notification",
        recipient=str(user),
        address=user.email,
        subject=subject,
        body=body,
        dedupe_key=key,
    )
    if email is not None:
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=timezone.now())
    return email
