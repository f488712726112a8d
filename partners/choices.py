from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkPurpose(models.TextChoices):
    """What a link lets its holder do: one purpose, one record, one contact or member."""

    REFERRAL = "referral", _("Answer a referral")
    MINUTES = "minutes", _("Confirm the minutes")
    ACTION_ITEM = "action_item", _("Close an action item")


class RevokeReason(models.TextChoices):
    WORKER = "worker", _("Revoked by the service")
    REPLACED = "replaced", _("Replaced by a newer link")


class ReferralAnswer(models.TextChoices):
    """What the receiving organisation may say of a referral, as the referral's status it leads to."""

    ACCEPTED = "accepted", _("Accept")
    DECLINED = "declined", _("Decline")
    IN_PROGRESS = "in_progress", _("The path has started")
    COMPLETED = "completed", _("The path is completed")
