"""Every referral's history starts with its draft step, on the day it was prepared (issue 14).

Referrals prepared before this migration had no such row. The day is the best we know: the day of the
"referral prepared" timeline event when there is one, else the day the row was created; never after the
referral's first recorded step.
"""

from django.db import migrations
from django.utils import timezone


def add_draft_steps(apps, schema_editor):
    Referral = apps.get_model("cases", "Referral")
    ReferralTransition = apps.get_model("cases", "ReferralTransition")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    prepared = dict(
        CaseEvent.objects.filter(kind="referral_created", referral__isnull=False).values_list(
            "referral_id", "occurred_on"
        )
    )
    first_steps = {}
    for referral_id, occurred_on in ReferralTransition.objects.order_by("occurred_on").values_list(
        "referral_id", "occurred_on"
    ):
        first_steps.setdefault(referral_id, occurred_on)
    already = set(ReferralTransition.objects.filter(from_status="").values_list("referral_id", flat=True))
    steps = []
    for referral in Referral.objects.exclude(pk__in=already).iterator():
        day = prepared.get(referral.pk) or timezone.localtime(referral.created_at).date()
        if referral.pk in first_steps:
            day = min(day, first_steps[referral.pk])
        elif referral.status == "draft":
            day = min(day, referral.status_changed_on)
        steps.append(
            ReferralTransition(
                referral_id=referral.pk,
                from_status="",
                to_status="draft",
                occurred_on=day,
                actor_id=referral.created_by_id,
            )
        )
    ReferralTransition.objects.bulk_create(steps, batch_size=1000)


def remove_draft_steps(apps, schema_editor):
    apps.get_model("cases", "ReferralTransition").objects.filter(from_status="").delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_household_handover_supervision")]

    operations = [migrations.RunPython(add_draft_steps, remove_draft_steps)]
