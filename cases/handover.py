"""Handing a case over: to a colleague of the team, in bulk when a worker leaves, or to another team.

A transfer to another team is proposed by the sending team's coordinator and accepted or refused by the
receiving team's coordinator; until then the case stays where it is. On acceptance the person's record
moves with all their cases (their referrals, plans and documents follow their case) in one transaction,
so at no moment do two teams, or none, see them.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Team
from cases import notices
from cases.choices import CaseStatus, EventKind
from cases.household import unlink_across_teams
from cases.models import Case, Person, TeamScopedQuerySet
from cases.supervision import coordinators_of, is_coordinator_of
from core.concurrency import claim_version
from notifications.kinds import Kind
from notifications.services import notify
from notifications.wording import choice


def _refuse(message: str, code: str, field: str | None = None):
    error = ValidationError(message, code=code)
    raise ValidationError({field: error}) if field else error


def _about(case: Case) -> dict:
    return {"case": case.pk, "person": case.person.initials}


def _event(case: Case, *, actor, kind: str, **data) -> None:
    from cases.services import record_event

    record_event(case=case, actor=actor, kind=kind, **data)


def may_reassign(case: Case, user) -> bool:
    """The responsible worker hands their case over; the team's coordinator hands over any."""
    return user.has_perm("cases.change_case") and (
        case.responsible_id == user.pk or is_coordinator_of(user, case.team_id)
    )


def _check_colleague(case: Case, to) -> None:
    if to.team_id != case.team_id or not to.is_active:
        _refuse(_("Hand the case to an active colleague of the same team."), "not_a_colleague", "to")
    if to.pk == case.responsible_id:
        _refuse(_("The case is already in this colleague's charge."), "same_worker", "to")


def _reassign(case: Case, *, to, actor, reason: str) -> Case:
    previous = case.responsible
    case.responsible = to
    case.save(update_fields=["responsible", "version", "updated_at"])
    _event(case, actor=actor, kind=EventKind.CASE_REASSIGNED, **{"from": str(previous), "to": str(to), "text": reason})
    return previous


@transaction.atomic
def reassign_case(*, case: Case, to, actor, reason: str, version: int | None = None) -> Case:
    """Give the case to a colleague of the team, with the reason; both workers are told (not the one acting)."""
    case = Case.objects.select_for_update(of=("self",)).select_related("person", "responsible").get(pk=case.pk)
    if not may_reassign(case, actor):
        _refuse(_("Only the responsible worker or the team's coordinator hands a case over."), "not_allowed")
    _check_colleague(case, to)
    if not reason.strip():
        _refuse(_("Say why the case is handed over."), "reason_required", "reason")
    claim_version(case, version)
    previous = _reassign(case, to=to, actor=actor, reason=reason)
    notices.case_assigned(case=case, actor=actor)
    if previous.pk != actor.pk:
        params = {**_about(case), "to": str(to), "by": str(actor)}
        notify(user=previous, kind=Kind.CASE_HANDED_OVER, params=params, record=case)
    return case


@transaction.atomic
def reassign_cases(*, cases: Iterable[Case], from_worker, to, actor, reason: str) -> int:
    """The coordinator gives a leaving worker's cases to a colleague: one timeline event per case, one notice."""
    if not is_coordinator_of(actor, from_worker.team_id):
        _refuse(_("Only the team's coordinator reassigns a colleague's cases."), "not_coordinator")
    if not reason.strip():
        _refuse(_("Say why the cases are handed over."), "reason_required", "reason")
    locked = list(
        Case.objects.select_for_update(of=("self",))
        .select_related("person", "responsible")
        .filter(pk__in=[case.pk for case in cases], responsible=from_worker, team_id=from_worker.team_id)
        .order_by("pk")
    )
    if not locked:
        _refuse(_("Choose at least one case of this worker."), "no_cases", "cases")
    for case in locked:
        _check_colleague(case, to)
        case.version += 1
        _reassign(case, to=to, actor=actor, reason=reason)
    if to.pk != actor.pk:
        params = {"count": len(locked), "from": str(from_worker), "by": str(actor)}
        notify(user=to, kind=Kind.CASES_REASSIGNED, params=params)
    return len(locked)


# Transfers between teams


class TransferStatus(models.TextChoices):
    PROPOSED = "proposed", gettext_lazy("Proposed")
    ACCEPTED = "accepted", gettext_lazy("Accepted")
    REFUSED = "refused", gettext_lazy("Refused")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")


class CaseTransferQuerySet(TeamScopedQuerySet):
    """A transfer is seen by both teams: the one sending the case and the one asked to take it."""

    view_permission = "cases.view_case"

    def visible_to(self, user):
        if not user.is_authenticated or not user.team_id or not user.has_perm(self.permission_to_view()):
            return self.none()
        return self.filter(Q(from_team_id=user.team_id) | Q(to_team_id=user.team_id))

    def incoming(self, user):
        """Proposals waiting for this user's team, for its coordinator."""
        return (
            self.visible_to(user)
            .filter(to_team_id=user.team_id, status=TransferStatus.PROPOSED)
            .select_related("case__person", "from_team", "proposed_by")
            .order_by("proposed_on", "pk")
        )


class CaseTransfer(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=gettext_lazy("case"), on_delete=models.CASCADE, related_name="transfers"
    )
    from_team = models.ForeignKey(
        Team, verbose_name=gettext_lazy("from team"), on_delete=models.PROTECT, related_name="+"
    )
    to_team = models.ForeignKey(Team, verbose_name=gettext_lazy("to team"), on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(
        gettext_lazy("reason"),
        help_text=gettext_lazy("What the receiving team needs to know to decide (it does not see the case yet)."),
    )
    status = models.CharField(
        gettext_lazy("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_on = models.DateField(gettext_lazy("proposed on"), default=timezone.localdate)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField(gettext_lazy("decided on"), null=True, blank=True)
    decision_note = models.TextField(gettext_lazy("answer"), blank=True)

    objects = CaseTransferQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_on", "-pk"]
        verbose_name = gettext_lazy("case transfer")
        verbose_name_plural = gettext_lazy("case transfers")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=TransferStatus.values), name="transfer_status_valid"),
            models.CheckConstraint(condition=~Q(from_team=models.F("to_team")), name="transfer_between_teams"),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="proposed"),
                name="transfer_one_proposed",
                violation_error_message=gettext_lazy("A transfer of this case is already waiting for an answer."),
            ),
        ]

    def __str__(self) -> str:
        return _("Transfer of case %(case)s to %(team)s") % {"case": self.case_id, "team": self.to_team}

    def get_absolute_url(self) -> str:
        return reverse("cases:transfer_detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == TransferStatus.PROPOSED


def may_propose_transfer(case: Case, user) -> bool:
    return is_coordinator_of(user, case.team_id) and not case.is_closed


@transaction.atomic
def propose_transfer(*, case: Case, to_team: Team, actor, reason: str) -> CaseTransfer:
    case = Case.objects.select_for_update(of=("self",)).select_related("person", "team").get(pk=case.pk)
    if not is_coordinator_of(actor, case.team_id):
        _refuse(_("Only the team's coordinator proposes a transfer to another team."), "not_coordinator")
    if case.status == CaseStatus.CLOSED:
        _refuse(_("The case is closed: reopen it before transferring it."), "case_closed")
    if to_team.pk == case.team_id:
        _refuse(_("Choose another team."), "same_team", "to_team")
    if not reason.strip():
        _refuse(_("Say why the case moves, for the team that receives it."), "reason_required", "reason")
    if CaseTransfer.objects.filter(case__person=case.person, status=TransferStatus.PROPOSED).exists():
        _refuse(_("A transfer of this person is already waiting for an answer."), "already_proposed")
    transfer = CaseTransfer(case=case, from_team=case.team, to_team=to_team, reason=reason, proposed_by=actor)
    transfer.full_clean()
    transfer.save()
    _event(case, actor=actor, kind=EventKind.TRANSFER_PROPOSED, team=to_team.name, text=reason)
    params = {**_about(case), "team": case.team.name}
    for coordinator in coordinators_of(to_team.pk):
        notify(user=coordinator, kind=Kind.TRANSFER_PROPOSED, params=params, record=transfer)
    return transfer


def _locked_transfer(transfer: CaseTransfer) -> CaseTransfer:
    transfer = (
        CaseTransfer.objects.select_for_update(of=("self",))
        .select_related("case__person", "from_team", "to_team", "proposed_by")
        .get(pk=transfer.pk)
    )
    if transfer.status != TransferStatus.PROPOSED:
        _refuse(_("This transfer has already been answered."), "already_decided")
    return transfer


def _close_transfer(transfer: CaseTransfer, *, status: str, actor, note: str) -> None:
    transfer.status, transfer.decided_by, transfer.decided_on, transfer.decision_note = (
        status,
        actor,
        timezone.localdate(),
        note,
    )
    transfer.save(update_fields=["status", "decided_by", "decided_on", "decision_note"])


def _tell_proposer(transfer: CaseTransfer, actor) -> None:
    if transfer.proposed_by_id != actor.pk:
        params = {
            **_about(transfer.case),
            "team": transfer.to_team.name,
            "outcome": choice("cases.handover.TransferStatus", transfer.status),
        }
        notify(user=transfer.proposed_by, kind=Kind.TRANSFER_DECIDED, params=params, record=transfer)


@transaction.atomic
def accept_transfer(*, transfer: CaseTransfer, actor, responsible, note: str = "") -> Case:
    """Move the person and all their cases to the receiving team, in the charge of `responsible`."""
    transfer = _locked_transfer(transfer)
    if not is_coordinator_of(actor, transfer.to_team_id):
        _refuse(_("Only the receiving team's coordinator accepts a transfer."), "not_coordinator")
    if responsible.team_id != transfer.to_team_id or not responsible.is_active:
        _refuse(_("Choose an active worker of your team."), "not_a_colleague", "responsible")
    person = Person.objects.select_for_update().get(pk=transfer.case.person_id)
    cases = list(Case.objects.select_for_update().filter(person=person).order_by("pk"))
    # Person and cases change team in this one transaction: readers see them in one team or the other,
    # never in both or in neither. Saved row by row, so the audit trail records each move.
    person.team = transfer.to_team
    person.version += 1
    person.save(update_fields=["team", "version", "updated_at"])
    for case in cases:
        case.team, case.responsible = transfer.to_team, responsible
        case.version += 1
        case.save(update_fields=["team", "responsible", "version", "updated_at"])
    unlink_across_teams(person)
    _close_transfer(transfer, status=TransferStatus.ACCEPTED, actor=actor, note=note)
    for case in cases:
        _event(
            case,
            actor=actor,
            kind=EventKind.TRANSFER_ACCEPTED,
            from_team=transfer.from_team.name,
            team=transfer.to_team.name,
            text=note,
        )
    _tell_proposer(transfer, actor)
    case = Case.objects.select_related("person", "responsible").get(pk=transfer.case_id)
    notices.case_assigned(case=case, actor=actor)
    return case


@transaction.atomic
def refuse_transfer(*, transfer: CaseTransfer, actor, note: str) -> CaseTransfer:
    transfer = _locked_transfer(transfer)
    if not is_coordinator_of(actor, transfer.to_team_id):
        _refuse(_("Only the receiving team's coordinator refuses a transfer."), "not_coordinator")
    if not note.strip():
        _refuse(_("Say why your team does not take the case."), "reason_required", "note")
    _close_transfer(transfer, status=TransferStatus.REFUSED, actor=actor, note=note)
    _event(transfer.case, actor=actor, kind=EventKind.TRANSFER_REFUSED, team=transfer.to_team.name, text=note)
    _tell_proposer(transfer, actor)
    return transfer


@transaction.atomic
def withdraw_transfer(*, transfer: CaseTransfer, actor) -> CaseTransfer:
    transfer = _locked_transfer(transfer)
    if not is_coordinator_of(actor, transfer.from_team_id):
        _refuse(_("Only the sending team's coordinator withdraws a transfer."), "not_coordinator")
    _close_transfer(transfer, status=TransferStatus.WITHDRAWN, actor=actor, note="")
    _event(transfer.case, actor=actor, kind=EventKind.TRANSFER_WITHDRAWN, team=transfer.to_team.name)
    return transfer
