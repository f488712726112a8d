from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    HOOK_UP = "hook_up", _("Hook-up")
    WORKSHOP = "workshop", _("Workshop with citizens")
    # Activities that build a sense of belonging to the territory (see SENSE_OF_BELONGING).
    ANIMATION = "animation", _("Community animation")
    AWARENESS = "awareness", _("Awareness event")
    LISTENING = "listening", _("Listening point")
    TRAINING = "training", _("Training")


# The method's activities that build a sense of belonging to the territory: logged with the other
# community actions, counted apart in the indicators.
SENSE_OF_BELONGING = (ActionKind.ANIMATION, ActionKind.AWARENESS, ActionKind.LISTENING, ActionKind.TRAINING)


def grouped_action_kinds() -> list:
    """The kinds for a select, the sense-of-belonging activities in a group of their own."""
    return [
        (_("Community actions"), [(k.value, k.label) for k in ActionKind if k not in SENSE_OF_BELONGING]),
        (_("Sense of belonging"), [(k.value, k.label) for k in SENSE_OF_BELONGING]),
    ]


class BondKind(models.TextChoices):
    """The two kinds of community action of the seeds."""

    NEW_BONDS = "new_bonds", _("Generates new bonds")
    CARE_OF_RELATIONS = "care", _("Takes care of relations")


class HookUpKind(models.TextChoices):
    ORGANISATION_AVAILABILITY = "organisation_availability", _("Availability offered by an organisation")
    VOLUNTEER_AVAILABILITY = "volunteer_availability", _("Availability offered by a volunteer")
    INFORMATION_REQUEST = "information_request", _("Information request for a person")


class PhaseKind(models.TextChoices):
    START = "start", _("Start")
    MAPPING = "mapping", _("Mapping")
    ANALYSIS = "analysis", _("Analysis")
    ACTIONS = "actions", _("Actions")
    EVALUATION = "evaluation", _("Evaluation")


class PhaseStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class EvaluationOutcome(models.TextChoices):
    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class KnowledgeActionKind(models.TextChoices):
    FOCUS_GROUP = "focus_group", _("Focus group")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")
    INTERVIEW = "interview", _("Interview")
    OBSERVATION = "observation", _("Observation")
    DATA_ANALYSIS = "data_analysis", _("Data analysis")
    MOVEMENT_MAP = "movement_map", _("Citizen movement map")


class TableKind(models.TextChoices):
    EXTENDED = "extended", _("Extended table")
    OPERATIONAL = "operational", _("Operational table")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    SENT = "sent", _("Sent")


# draft → in review → approved (by the table's coordinator) → sent; a reviewer may send back.
MINUTES_TRANSITIONS = {
    MinutesStatus.DRAFT: (MinutesStatus.IN_REVIEW,),
    MinutesStatus.IN_REVIEW: (MinutesStatus.APPROVED, MinutesStatus.DRAFT),
    MinutesStatus.APPROVED: (MinutesStatus.SENT,),
    MinutesStatus.SENT: (),
}


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class MinutesAnswerKind(models.TextChoices):
    """What a member of the table said of the minutes sent to them."""

    CONFIRMED = "confirmed", _("Confirmed")
    CORRECTION = "correction", _("Correction asked")
