import time
from datetime import date, timedelta

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Team, User
from signin.policy import requires_second_factor
from territory.choices import AreaKind, OpportunityKind, OrganisationKind
from territory.models import (
    Area,
    Contact,
    Offer,
    Opportunity,
    Organisation,
    PovertyDimension,
    Protocol,
    TargetGroup,
)


def numeric_code(n: int) -> str:
    """A well-formed 11-digit codice fiscale / partita IVA, different for each n."""
    base = f"97{n:08d}"
    total = 0
    for i, char in enumerate(base):
        digit = int(char)
        if i % 2 == 1:
            digit = digit * 2 - 9 if digit * 2 > 9 else digit * 2
        total += digit
    return base + str((10 - total % 10) % 10)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Équipe {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utente{n}")
    first_name = factory.Faker("first_name", locale="it_IT")
    last_name = factory.Faker("last_name", locale="it_IT")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.it")
    team = factory.SubFactory(TeamFactory)
    password = factory.django.Password("password-di-prova")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        """A role that requires a second factor gets a real authenticator app, as if enrolled; the secret
        is kept on the instance (`totp_secret`) to compute codes. second_factor=False leaves it without."""
        if create and extracted is not False and (extracted or requires_second_factor(self)):
            self.totp_secret = enrol_totp(self)


def enrol_totp(user) -> str:
    """Enrol an authenticator app for the user, or find the one enrolled; returns its secret."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return existing.data["secret"]
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, *, offset: int = 0) -> str:
    """The code the authenticator app shows now (offset: that many 30-second periods later)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Ambito {n}")
    kind = AreaKind.DISTRICT

    class Params:
        municipality = factory.Trait(
            kind=AreaKind.MUNICIPALITY,
            name=factory.Sequence(lambda n: f"Comune {n}"),
            parent=factory.SubFactory("tests.factories.AreaFactory"),
            istat_code=factory.Sequence(lambda n: f"{100000 + n:06d}"),
        )
        neighbourhood = factory.Trait(
            kind=AreaKind.NEIGHBOURHOOD,
            name=factory.Sequence(lambda n: f"Quartiere {n}"),
            parent=factory.SubFactory("tests.factories.AreaFactory", municipality=True),
        )


def target_group(code: str) -> TargetGroup:
    return TargetGroup.objects.get(code=code)


def poverty_dimension(code: str) -> PovertyDimension:
    return PovertyDimension.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Associazione {n}")
    kind = OrganisationKind.APS
    fiscal_code = factory.Sequence(numeric_code)

    @factory.post_generation
    def areas_served(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas_served.set(extracted)

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_groups.set([target_group(code) for code in extracted])

    @factory.post_generation
    def poverty_dimensions(self, create, extracted, **kwargs):
        if create and extracted:
            self.poverty_dimensions.set([poverty_dimension(code) for code in extracted])


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Faker("first_name", locale="it_IT")
    last_name = factory.Faker("last_name", locale="it_IT")
    email = factory.Sequence(lambda n: f"contatto{n}@example.it")


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Doposcuola {n}")
    kind = OpportunityKind.AFTER_SCHOOL

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_groups.set([target_group(code) for code in extracted])

    @factory.post_generation
    def poverty_dimensions(self, create, extracted, **kwargs):
        if create and extracted:
            self.poverty_dimensions.set([poverty_dimension(code) for code in extracted])


class OfferFactory(factory.django.DjangoModelFactory):
    """A volunteer's offer, registered today, in a neighbourhood; `by_organisation=True` for an organisation's."""

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Passaggi in auto {n}")
    area = factory.SubFactory(AreaFactory, neighbourhood=True)
    volunteer_name = "Giulia Bassi"
    contact = "333 1234567"

    class Params:
        by_organisation = factory.Trait(
            organisation=factory.SubFactory(OrganisationFactory), volunteer_name="", contact=""
        )

    @factory.post_generation
    def poverty_dimensions(self, create, extracted, **kwargs):
        if create:
            self.poverty_dimensions.set([poverty_dimension(code) for code in (extracted or ["relational"])])


class ProtocolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Protocol
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Protocollo di rete {n}")
    scope = "Contrasto alla povertà educativa."
    start_date = date(2025, 1, 1)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create:
            self.partners.set(extracted or [OrganisationFactory()])


# Cases


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Person"

    team = factory.SubFactory(TeamFactory)
    first_name = factory.Faker("first_name", locale="it_IT")
    last_name = factory.Faker("last_name", locale="it_IT")
    birth_date = date(1980, 3, 15)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Case"
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    team = factory.SelfAttribute("person.team")
    responsible = factory.SubFactory(UserFactory, team=factory.SelfAttribute("..team"))
    opened_on = date(2026, 1, 10)
    # The person consents to share their initials with any partner (a signed form): referrals can be sent.
    consent = factory.Maybe(
        "consented",
        yes_declaration=factory.RelatedFactory("tests.factories.ConsentFactory", "case"),
        no_declaration=None,
    )

    class Params:
        consented = True
        without_consent = factory.Trait(consented=False)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Consent"

    case = factory.SubFactory(CaseFactory, consented=False)
    recipient = "any_partner"
    scope = "initials"
    given_on = date(2026, 1, 10)
    method = "signed_form"


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Referral"

    case = factory.SubFactory(CaseFactory)
    kind = "referral"
    opportunity = factory.SubFactory(OpportunityFactory)
    created_by = factory.SelfAttribute("case.responsible")
    status_changed_on = date(2026, 1, 12)


class JointPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.JointPlan"

    case = factory.SubFactory(CaseFactory)
    title = factory.Sequence(lambda n: f"Progetto condiviso {n}")
    started_on = date(2026, 1, 20)


# Community


class TableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.Table"

    name = factory.Sequence(lambda n: f"Tavolo {n}")
    kind = "extended"
    coordinator = factory.SubFactory(UserFactory)


class TableMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.TableMember"

    table = factory.SubFactory(TableFactory)
    citizen_name = factory.Faker("name", locale="it_IT")
    email = factory.Sequence(lambda n: f"membro{n}@example.it")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.Meeting"

    table = factory.SubFactory(TableFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    agenda = "1. Aggiornamenti"
    minutes = "Il tavolo ha discusso delle attività estive."


class CommunityActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.CommunityAction"
        skip_postgeneration_save = True

    kind = "invitation"
    bond_kind = "care"
    date = date(2026, 3, 10)
    title = factory.Sequence(lambda n: f"Incontro {n}")
    recorded_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def workers(self, create, extracted, **kwargs):
        if create:
            self.workers.set(extracted or [self.recorded_by])

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)
