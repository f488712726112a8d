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


class DeclineReason(models.TextChoices):
    """Why a partner declined a referral: a short list the indicators can count, beside the partner's words."""

    NO_PLACES = "no_places", _("No places available")
    NOT_ELIGIBLE = "not_eligible", _("The person does not meet the requirements")
    NOT_REACHED = "not_reached", _("The person could not be reached")
    PERSON_REFUSED = "person_refused", _("The person did not want to take part")
    OTHER = "other", _("Other reason")


class ConsentRecipient(models.TextChoices):
    """Whom a consent lets the service share the person's data with."""

    ORGANISATION = "organisation", _("One organisation")
    PLAN_PARTNERS = "plan_partners", _("The partners of a joint plan")
    ANY_PARTNER = "any_partner", _("Any partner organisation")


class ConsentScope(models.TextChoices):
    NAME = "name", _("Name and surname")
    INITIALS = "initials", _("Initials only")


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", _("Signed form")
    VERBAL_WITNESSED = "verbal", _("Verbal, with a witness")
    # Only for consents recorded as one date and one text before consent per recipient (cases/0006):
    # nobody said how they were given, and the migration does not invent it.
    RECORDED_BEFORE = "recorded_before", _("Recorded before consent per recipient (see the notes)")


# What a worker may choose when recording a consent today.
CONSENT_METHODS_OFFERED = [ConsentMethod.SIGNED_FORM, ConsentMethod.VERBAL_WITNESSED]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    RETURNED = "returned", _("Returned with comments")
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
    CONSENT_GIVEN = "consent_given", _("Consent recorded")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    # Case work after the fact, handover and supervision (issue 14).
    REFERRAL_UPDATED = "referral_updated", _("Referral updated")
    PLAN_UPDATED = "plan_updated", _("Joint plan updated")
    PLAN_SUBMITTED = "plan_submitted", _("Joint plan submitted for approval")
    PLAN_APPROVED = "plan_approved", _("Joint plan approved")
    PLAN_RETURNED = "plan_returned", _("Joint plan returned with comments")
    PLAN_ACTIVATED = "plan_activated", _("Joint plan made active")
    PLAN_CLOSED = "plan_closed", _("Joint plan closed")
    MEETING_EDITED = "meeting_edited", _("Case meeting corrected")
    PARTNER_EDITED = "partner_edited", _("Plan partner changed")
    PARTNER_REMOVED = "partner_removed", _("Partner left the plan")
    OBJECTIVE_REMOVED = "objective_removed", _("Plan objective removed")
    CASE_REASSIGNED = "case_reassigned", _("Case handed over")
    TRANSFER_PROPOSED = "transfer_proposed", _("Transfer proposed")
    TRANSFER_ACCEPTED = "transfer_accepted", _("Case transferred")
    TRANSFER_REFUSED = "transfer_refused", _("Transfer refused")
    TRANSFER_WITHDRAWN = "transfer_withdrawn", _("Transfer withdrawn")
    CLOSURE_REQUESTED = "closure_requested", _("Closure requested")
    CLOSURE_APPROVED = "closure_approved", _("Closure approved")
    CLOSURE_RETURNED = "closure_returned", _("Closure request returned")
    # Offered availability (issue 15).
    OFFER_USED = "offer_used", _("Offer used")
