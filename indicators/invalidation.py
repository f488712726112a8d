"""When the records behind the figures change, the figures are refreshed by a job, once per burst.

Signals are the one place the Indicators hear about writes in the apps below them (a lower floor cannot
call up): any save or delete of a counted record, or a change of its links, marks the figures dirty
after the transaction commits. The first mark of a burst sets a flag in the shared cache and schedules
indicators.jobs.refresh_figures half a minute later; later marks find the flag and do nothing. The job
clears the flag before it reads, so a change committed during a refresh asks for the next one.
"""

from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from cases.models import (
    Case,
    CaseMeeting,
    CaseNeed,
    JointPlan,
    Person,
    PlanPartner,
    PlanReview,
    Referral,
    ReferralTransition,
)
from community.models import CommunityAction, Meeting
from core.jobs import enqueue_in
from territory.models import Organisation

DIRTY_KEY = "indicators:dirty"
REFRESH_DELAY = timedelta(seconds=30)
# A flag left by a job that never ran (the queue stopped) lets a later change schedule again.
DIRTY_SECONDS = 15 * 60

# Every record a figure counts, or whose area, organisation or name it reads.
SOURCES = (
    CommunityAction,
    Referral,
    ReferralTransition,
    JointPlan,
    PlanPartner,
    PlanReview,
    CaseMeeting,
    Meeting,
    CaseNeed,
    Case,
    Person,
    Organisation,
)
LINKS = (CommunityAction.organisations.through, CommunityAction.workers.through, Meeting.attendees.through)


def refresh_soon() -> None:
    if cache.add(DIRTY_KEY, True, DIRTY_SECONDS):
        enqueue_in(REFRESH_DELAY, "indicators.jobs.refresh_figures")


def sources_changed(**kwargs) -> None:
    """Mark the figures dirty once the transaction commits (once per transaction, however many rows)."""
    pending = transaction.get_connection().run_on_commit
    if not any(callback is refresh_soon for _savepoints, callback, _robust in pending):
        transaction.on_commit(refresh_soon)


def watch_sources() -> None:
    for model in SOURCES:
        post_save.connect(sources_changed, sender=model, dispatch_uid=f"indicators-{model._meta.label}-save")
        post_delete.connect(sources_changed, sender=model, dispatch_uid=f"indicators-{model._meta.label}-delete")
    for through in LINKS:
        m2m_changed.connect(sources_changed, sender=through, dispatch_uid=f"indicators-{through._meta.label}")
