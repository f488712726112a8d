"""The household (nucleo familiare) of a person in charge: who they live with or are related to.

A member is either another person in charge of the same team, linked both ways (each sees the other in
their household, with the inverse relationship), or a plain member known by name and birth year. The
household is special-category data: it is seen with the person, exported with them and removed at
anonymisation (cases.gdpr).
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Person, TeamScopedQuerySet
from core.concurrency import claim_version
from core.models import VersionedModel


class Relationship(models.TextChoices):
    PARTNER = "partner", _("Spouse or partner")
    CHILD = "child", _("Son or daughter")
    PARENT = "parent", _("Mother or father")
    SIBLING = "sibling", _("Brother or sister")
    GRANDPARENT = "grandparent", _("Grandparent")
    GRANDCHILD = "grandchild", _("Grandchild")
    RELATIVE = "relative", _("Other relative")
    COHABITANT = "cohabitant", _("Lives with them, not a relative")


# What the linked person is to the other: if B is A's child, A is B's parent.
INVERSE = {
    Relationship.PARTNER: Relationship.PARTNER,
    Relationship.CHILD: Relationship.PARENT,
    Relationship.PARENT: Relationship.CHILD,
    Relationship.SIBLING: Relationship.SIBLING,
    Relationship.GRANDPARENT: Relationship.GRANDCHILD,
    Relationship.GRANDCHILD: Relationship.GRANDPARENT,
    Relationship.RELATIVE: Relationship.RELATIVE,
    Relationship.COHABITANT: Relationship.COHABITANT,
}


class HouseholdQuerySet(TeamScopedQuerySet):
    team_path = "person__team"
    view_permission = "cases.view_person"


class HouseholdMember(VersionedModel):
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="household")
    relative = models.ForeignKey(
        Person,
        verbose_name=_("person in charge"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("If the member is also in charge of the team, choose them: both records show the link."),
    )
    name = models.CharField(_("name"), max_length=160, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    relationship = models.CharField(_("relationship"), max_length=12, choices=Relationship.choices)
    lives_with = models.BooleanField(_("lives in the same home"), default=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.CheckConstraint(
                condition=Q(relative__isnull=False, name="") | Q(relative__isnull=True) & ~Q(name=""),
                name="household_member_is_someone",
                violation_error_code="member_empty",
                violation_error_message=_("Choose a person in charge or write the member's name, not both."),
            ),
            models.CheckConstraint(condition=~Q(relative=models.F("person")), name="household_member_not_oneself"),
            models.CheckConstraint(
                condition=Q(relationship__in=Relationship.values), name="household_relationship_valid"
            ),
            models.UniqueConstraint(
                fields=["person", "relative"],
                condition=Q(relative__isnull=False),
                name="household_member_once",
                violation_error_message=_("This person is already in the household."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_name} ({self.get_relationship_display()})"

    @property
    def member_name(self) -> str:
        return str(self.relative) if self.relative_id else self.name

    @property
    def member_birth_year(self) -> int | None:
        if self.relative_id:
            return self.relative.birth_date.year if self.relative.birth_date else None
        return self.birth_year

    def clean(self) -> None:
        if self.birth_year and not 1900 <= self.birth_year <= timezone.localdate().year:
            raise ValidationError(
                {"birth_year": ValidationError(_("Write a birth year between 1900 and this year."), code="birth_year")}
            )
        if self.relative_id and self.relative_id == self.person_id:
            raise ValidationError(
                {"relative": ValidationError(_("A person is not a member of their own household."), code="oneself")}
            )
        if self.relative_id and self.person_id and self.relative.team_id != self.person.team_id:
            raise ValidationError(
                {
                    "relative": ValidationError(
                        _("Only a person in charge of the same team can be linked."), code="other_team"
                    )
                }
            )


def household_of(person: Person):
    return HouseholdMember.objects.filter(person=person).select_related("relative")


def _inverse_of(member: HouseholdMember):
    return HouseholdMember.objects.filter(person_id=member.relative_id, relative_id=member.person_id)


@transaction.atomic
def add_household_member(*, person: Person, actor, relationship: str, relative=None, **details) -> HouseholdMember:
    """Add a member; a person in charge is linked both ways, with the inverse relationship on their side."""
    member = HouseholdMember(person=person, relative=relative, relationship=relationship, **details)
    if relative is not None:
        # A linked member's name and birth year are the other record's own.
        member.name, member.birth_year = "", None
    member.full_clean()
    member.save()
    if relative is not None and not _inverse_of(member).exists():
        HouseholdMember.objects.create(
            person=relative, relative=person, relationship=INVERSE[relationship], lives_with=member.lives_with
        )
    return member


@transaction.atomic
def update_household_member(*, member: HouseholdMember, actor, version: int | None, **details) -> HouseholdMember:
    """Change a member's relationship or details, or raise StaleRecord; a link's other side follows."""
    member = (
        HouseholdMember.objects.select_for_update(of=("self",)).select_related("person", "relative").get(pk=member.pk)
    )
    claim_version(member, version)
    for name, value in details.items():
        setattr(member, name, value)
    if member.relative_id:
        member.name, member.birth_year = "", None
    member.full_clean()
    member.save()
    if member.relative_id:
        _inverse_of(member).update(relationship=INVERSE[member.relationship], lives_with=member.lives_with)
    return member


@transaction.atomic
def remove_household_member(*, member: HouseholdMember, actor) -> None:
    """Take a member out of the household; a link goes from both records. The audit trail keeps the removal."""
    if member.relative_id:
        for inverse in _inverse_of(member):
            inverse.delete()
    member.delete()


def unlink_across_teams(person: Person) -> int:
    """Turn the person's links with people of another team into plain members on both sides.

    Called when the person moves to another team (cases.handover): a link would show each team a person of
    the other. The name and birth year stay, as if written by hand.
    """
    links = HouseholdMember.objects.filter(Q(person=person) | Q(relative=person)).select_related("person", "relative")
    changed = 0
    for link in links:
        if link.person.team_id == link.relative.team_id:
            continue
        relative = link.relative
        link.name = f"{relative.first_name} {relative.last_name}".strip()
        link.birth_year = relative.birth_date.year if relative.birth_date else None
        link.relative = None
        link.version += 1
        link.save(update_fields=["name", "birth_year", "relative", "version", "updated_at"])
        changed += 1
    return changed
