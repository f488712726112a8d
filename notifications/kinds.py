"""What a notification says, by kind. Messages are worded when shown, in the reader's language.

Parameters carry no special-category data: a person appears by initials and case number only, never
with needs, notes or anything written about them (the same text goes out by e-mail).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REFERRAL_MOVED = "referral_moved", _("Referral answered or moved")
    REFERRAL_ANSWERED = "referral_answered", _("Referral answered by the organisation")
    CASE_ASSIGNED = "case_assigned", _("Case assigned to me")
    FOLLOW_UP_DUE = "follow_up_due", _("Referral follow-up due")
    PLAN_REVIEW_DUE = "plan_review_due", _("Joint plan review due")
    MINUTES_TO_REVIEW = "minutes_to_review", _("Minutes to review")
    MINUTES_NOT_SENT = "minutes_not_sent", _("Minutes not sent yet")
    ACTION_ITEM_DUE = "action_item_due", _("Action item due")
    COMMUNITY_FOLLOW_UP_DUE = "community_follow_up", _("Community action follow-up due")
    IMPORT_FINISHED = "import_finished", _("Import finished")
    IMPORT_REFUSED = "import_refused", _("Import refused")
    MINUTES_CORRECTION = "minutes_correction", _("A member asked to correct the minutes")
    # Handover and supervision of cases (cases.handover, cases.supervision).
    CASE_HANDED_OVER = "case_handed_over", _("Case handed over to a colleague")
    CASES_REASSIGNED = "cases_reassigned", _("Cases assigned to me by the coordinator")
    TRANSFER_PROPOSED = "transfer_proposed", _("Case transfer to my team proposed")
    TRANSFER_DECIDED = "transfer_decided", _("Answer to a case transfer")
    PLAN_TO_APPROVE = "plan_to_approve", _("Joint plan to approve")
    PLAN_DECIDED = "plan_decided", _("Joint plan approved or returned")
    CLOSURE_TO_APPROVE = "closure_to_approve", _("Case closure to approve")
    CLOSURE_DECIDED = "closure_decided", _("Case closure approved or returned")


MESSAGES = {
    Kind.REFERRAL_MOVED: _("The referral to “%(opportunity)s” for %(person)s (case %(case)s) is now %(status)s."),
    Kind.REFERRAL_ANSWERED: _(
        "%(organisation)s answered the referral to “%(opportunity)s” for %(person)s (case %(case)s): %(status)s."
    ),
    Kind.CASE_ASSIGNED: _("Case %(case)s (%(person)s) has been assigned to you by %(by)s."),
    Kind.FOLLOW_UP_DUE: _("Follow-up of the referral to “%(opportunity)s” for %(person)s (case %(case)s): %(when)s."),
    Kind.PLAN_REVIEW_DUE: _("Review of the joint plan of case %(case)s (%(person)s): %(when)s."),
    Kind.MINUTES_TO_REVIEW: _("The minutes of “%(table)s” of %(date)s wait for your review."),
    Kind.MINUTES_NOT_SENT: _(
        "The minutes of “%(table)s” of %(date)s are not sent yet, %(days)s days after the meeting."
    ),
    Kind.ACTION_ITEM_DUE: _("Action item “%(item)s” of “%(table)s”: %(when)s."),
    Kind.COMMUNITY_FOLLOW_UP_DUE: _("Follow-up of “%(action)s”: %(when)s."),
    Kind.IMPORT_FINISHED: _("The import of %(what)s is finished: %(created)s, %(updated)s."),
    Kind.IMPORT_REFUSED: _("The import of %(what)s was refused: records changed meanwhile, nothing was written."),
    Kind.MINUTES_CORRECTION: _("%(member)s asked to correct the minutes of “%(table)s” of %(date)s."),
    Kind.CASE_HANDED_OVER: _("Case %(case)s (%(person)s) has been handed over to %(to)s by %(by)s."),
    Kind.CASES_REASSIGNED: _("%(count)s cases of %(from)s have been assigned to you by %(by)s."),
    Kind.TRANSFER_PROPOSED: _("%(team)s proposes to transfer case %(case)s (%(person)s) to your team."),
    Kind.TRANSFER_DECIDED: _("The transfer of case %(case)s (%(person)s) to %(team)s: %(outcome)s."),
    Kind.PLAN_TO_APPROVE: _("The joint plan of case %(case)s (%(person)s) waits for your approval."),
    Kind.PLAN_DECIDED: _("The joint plan of case %(case)s (%(person)s): %(outcome)s."),
    Kind.CLOSURE_TO_APPROVE: _("Closing case %(case)s (%(person)s) waits for your approval."),
    Kind.CLOSURE_DECIDED: _("Closing case %(case)s (%(person)s): %(outcome)s."),
}
