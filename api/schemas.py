"""What the staff API reads and writes, as pydantic schemas (the OpenAPI schema is built from them).

Outputs name the directory's records and codes; nothing about people in charge travels through the API,
and neither do free-text notes, which may speak of someone. Inputs are checked here for shape only:
the rules are the forms' (territory.forms), applied by api.writes.
"""

from datetime import date, datetime
from enum import Enum
from typing import Annotated

from ninja import Field, Schema
from pydantic import ConfigDict

from community.choices import ActionKind, BondKind
from territory.choices import CooperativeType, OpportunityKind, OrganisationKind, PovertyDimensionCode, TargetGroupCode

# A database id: bounded, so that no value overflows an integer column.
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]


def _enum(name: str, choices) -> type[Enum]:
    return Enum(name, {value: value for value in choices.values}, type=str)


OrganisationKindCode = _enum("OrganisationKindCode", OrganisationKind)
CooperativeTypeCode = _enum("CooperativeTypeCode", CooperativeType)
OpportunityKindCode = _enum("OpportunityKindCode", OpportunityKind)
TargetGroup = _enum("TargetGroup", TargetGroupCode)
PovertyDimension = _enum("PovertyDimension", PovertyDimensionCode)
ActionKindCode = _enum("ActionKindCode", ActionKind)
BondKindCode = _enum("BondKindCode", BondKind)


class Payload(Schema):
    """A request body: a JSON object with known fields only. Forbidding the others also makes pydantic
    check the body itself (ninja's Schema otherwise reads any value's attributes, so that a JSON list
    would pass as an object with every field left out), and a misspelt field is refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


class Error(Schema):
    detail: str


class ValidationErrors(Schema):
    detail: str
    errors: dict[str, list[str]]


class PageMeta(Schema):
    count: int
    page: int
    pages: int


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    cooperative_type: str
    runts_number: str
    fiscal_code: str
    vat_number: str
    address: str
    postcode: str
    municipality_id: int | None
    latitude: float | None
    longitude: float | None
    areas_served: list[int]
    target_groups: list[str]
    poverty_dimensions: list[str]
    email: str
    phone: str
    website: str
    active: bool
    verified_on: date | None
    version: int
    created_at: datetime
    updated_at: datetime


class OrganisationPage(PageMeta):
    results: list[OrganisationOut]


class OrganisationIn(Payload):
    """A new organisation, or the fields to change of an existing one (those left out keep their value)."""

    name: str | None = None
    kind: OrganisationKindCode | None = None
    cooperative_type: CooperativeTypeCode | None = None
    runts_number: str | None = None
    fiscal_code: str | None = None
    vat_number: str | None = None
    address: str | None = None
    postcode: str | None = None
    municipality_id: Id | None = None
    latitude: float | None = None
    longitude: float | None = None
    areas_served: list[Id] | None = None
    target_groups: list[TargetGroup] | None = None
    poverty_dimensions: list[PovertyDimension] | None = None
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    active: bool | None = None
    version: Id | None = Field(None, description="The version you read: a later change answers 409.")


class ContactOut(Schema):
    id: int
    organisation_id: int
    first_name: str
    last_name: str
    role: str
    email: str
    phone: str
    is_liaison: bool
    receives_referrals: bool
    active: bool
    created_at: datetime
    updated_at: datetime


class ContactPage(PageMeta):
    results: list[ContactOut]


class ContactIn(Payload):
    first_name: str | None = None
    last_name: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    is_liaison: bool | None = None
    receives_referrals: bool | None = None
    active: bool | None = None


class OpportunityOut(Schema):
    id: int
    organisation_id: int
    title: str
    kind: str
    description: str
    target_groups: list[str]
    poverty_dimensions: list[str]
    areas: list[int]
    capacity: int | None
    how_to_access: str
    start_date: date | None
    end_date: date | None
    liaison_id: int | None
    active: bool
    version: int
    created_at: datetime
    updated_at: datetime


class OpportunityPage(PageMeta):
    results: list[OpportunityOut]


class OpportunityIn(Payload):
    organisation_id: Id | None = None
    title: str | None = None
    kind: OpportunityKindCode | None = None
    description: str | None = None
    target_groups: list[TargetGroup] | None = None
    poverty_dimensions: list[PovertyDimension] | None = None
    areas: list[Id] | None = None
    capacity: Annotated[int, Field(ge=0, le=2_147_483_647)] | None = None
    how_to_access: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    liaison_id: Id | None = None
    active: bool | None = None
    version: Id | None = Field(None, description="The version you read: a later change answers 409.")


class CommunityActionOut(Schema):
    """An entry of the community log: what, when, where and with which organisations; no notes, no names."""

    id: int
    kind: str
    bond_kind: str
    date: date
    title: str
    area_id: int | None
    organisations: list[int]
    citizens_count: int | None


class CommunityActionPage(PageMeta):
    results: list[CommunityActionOut]


class MonthSeries(Schema):
    months: list[date]
    series: dict[str, list[int]]


class ReferralAnswers(Schema):
    answered: int
    accepted: int
    declined: int
    acceptance_rate: int | None
    median_days: float | None


class Indicators(Schema):
    start: date
    end: date
    area_id: int | None
    actions_by_month: MonthSeries
    bonds_by_month: MonthSeries
    referral_answers: ReferralAnswers
    referral_outcomes: dict[str, int]
