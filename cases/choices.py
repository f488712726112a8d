from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    NOT_STATED = "X", _("Not stated")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


# Which status a case may move to from each status.
CASE_TRANSITIONS = {
    CaseStatus.OPEN: {CaseStatus.SUSPENDED, CaseStatus.CLOSED},
    CaseStatus.SUSPENDED: {CaseStatus.OPEN, CaseStatus.CLOSED},
    CaseStatus.CLOSED: {CaseStatus.OPEN},
}


class NeedLevel(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class ReferralKind(models.TextChoices):
    USE = "use", _("Use of an opportunity (fruizione)")
    REFERRAL = "referral", _("Appropriate referral (invio appropriato)")


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The referral lifecycle: draft → sent → accepted | declined → in progress → completed,
# and withdrawn from any open state. Declined, completed and withdrawn are final.
REFERRAL_TRANSITIONS = {
    ReferralStatus.DRAFT: (ReferralStatus.SENT, ReferralStatus.WITHDRAWN),
    ReferralStatus.SENT: (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN),
    ReferralStatus.ACCEPTED: (ReferralStatus.IN_PROGRESS, ReferralStatus.WITHDRAWN),
    ReferralStatus.IN_PROGRESS: (ReferralStatus.COMPLETED, ReferralStatus.WITHDRAWN),
    ReferralStatus.DECLINED: (),
    ReferralStatus.COMPLETED: (),
    ReferralStatus.WITHDRAWN: (),
}
OPEN_REFERRAL_STATUSES = [status for status, nexts in REFERRAL_TRANSITIONS.items() if nexts]


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class ObjectiveStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


class EventKind(models.TextChoices):
    CASE_OPENED = "case_opened", _("Case opened")
    CASE_UPDATED = "case_updated", _("Case updated")
    CASE_STATUS = "case_status", _("Case status changed")
    NOTE = "note", _("Note")
    REFERRAL_CREATED = "referral_created", _("Referral prepared")
    REFERRAL_STATUS = "referral_status", _("Referral status changed")
    PLAN_CREATED = "plan_created", _("Joint plan started")
    PLAN_PARTNER = "plan_partner", _("Partner joined the plan")
    PLAN_OBJECTIVE = "plan_objective", _("Plan objective")
    PLAN_REVIEW = "plan_review", _("Plan review")
    CASE_MEETING = "case_meeting", _("Case meeting")
