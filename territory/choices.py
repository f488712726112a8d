from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaKind(models.TextChoices):
    DISTRICT = "district", _("Social district (ambito)")
    MUNICIPALITY = "municipality", _("Municipality (comune)")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood (quartiere)")


class OrganisationKind(models.TextChoices):
    # Third-sector bodies, by RUNTS section (DM 106/2020, art. 3).
    ODV = "odv", _("Voluntary organisation (ODV)")
    APS = "aps", _("Social promotion association (APS)")
    PHILANTHROPIC = "philanthropic", _("Philanthropic body")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    SOCIAL_COOPERATIVE = "social_cooperative", _("Social cooperative")
    NETWORK = "network", _("Associative network")
    MUTUAL_AID = "mutual_aid", _("Mutual aid society")
    OTHER_THIRD_SECTOR = "other_third_sector", _("Other third-sector body")
    # Other actors of the territory.
    PARISH = "parish", _("Parish / oratory")
    CARITAS = "caritas", _("Caritas / listening centre")
    SCHOOL = "school", _("School")
    HEALTH_SERVICE = "health_service", _("Health service")
    JOB_CENTRE = "job_centre", _("Job centre")
    MUNICIPAL_OFFICE = "municipal_office", _("Municipal office")
    INFORMAL_GROUP = "informal_group", _("Informal group / committee")
    BUSINESS = "business", _("Business")


class RuntsSection(models.TextChoices):
    A = "a", _("a) Voluntary organisations")
    B = "b", _("b) Social promotion associations")
    C = "c", _("c) Philanthropic bodies")
    D = "d", _("d) Social enterprises, social cooperatives included")
    E = "e", _("e) Associative networks")
    F = "f", _("f) Mutual aid societies")
    G = "g", _("g) Other third-sector bodies")


# The RUNTS section follows from the kind of body, so it is derived rather than stored twice.
RUNTS_SECTION_BY_KIND = {
    OrganisationKind.ODV: RuntsSection.A,
    OrganisationKind.APS: RuntsSection.B,
    OrganisationKind.PHILANTHROPIC: RuntsSection.C,
    OrganisationKind.SOCIAL_ENTERPRISE: RuntsSection.D,
    OrganisationKind.SOCIAL_COOPERATIVE: RuntsSection.D,
    OrganisationKind.NETWORK: RuntsSection.E,
    OrganisationKind.MUTUAL_AID: RuntsSection.F,
    OrganisationKind.OTHER_THIRD_SECTOR: RuntsSection.G,
}


class CooperativeType(models.TextChoices):
    A = "A", _("Type A: social, health and educational services")
    B = "B", _("Type B: work integration of disadvantaged people")
    AB = "AB", _("Types A and B")
    CONSORTIUM = "consortium", _("Consortium of social cooperatives")


class TargetGroupCode(models.TextChoices):
    FAMILIES = "families", _("Families")
    CHILDREN = "children", _("Children")
    ADOLESCENTS = "adolescents", _("Adolescents")
    YOUNG_ADULTS = "young_adults", _("Young adults")
    ELDERLY = "elderly", _("Elderly people")
    DISABLED = "disabled", _("Disabled people")
    MIGRANTS = "migrants", _("Migrants")
    ADDICTIONS = "addictions", _("People with addictions")
    ADULTS_IN_HARDSHIP = "adults_in_hardship", _("Adults in hardship and homeless people")
    EVERYONE = "everyone", _("Everyone")


class PovertyDimensionCode(models.TextChoices):
    MATERIAL = "material", _("Material")
    ECONOMIC_WORK = "economic_work", _("Economic and work")
    EDUCATIONAL = "educational", _("Educational")
    RELATIONAL = "relational", _("Relational")


class OpportunityKind(models.TextChoices):
    SOCIAL_GARDEN = "social_garden", _("Social garden")
    COMMUNITY_CONCIERGE = "community_concierge", _("Community concierge")
    AFTER_SCHOOL = "after_school", _("After-school support")
    FOOD_AID = "food_aid", _("Food aid")
    CLOTHING = "clothing", _("Clothing and goods")
    HOUSING = "housing", _("Housing support")
    WORK_INTEGRATION = "work_integration", _("Work integration")
    TRAINING = "training", _("Training and courses")
    LANGUAGE_COURSE = "language_course", _("Italian language course")
    LISTENING = "listening", _("Listening and advice centre")
    SOCIALISING = "socialising", _("Socialising and leisure")
    HOME_CARE = "home_care", _("Home help and company")
    TRANSPORT = "transport", _("Accompaniment and transport")
    VOLUNTEERING = "volunteering", _("Volunteering")
    OTHER = "other", _("Other")


class ImportKind(models.TextChoices):
    ORGANISATIONS = "organisations", _("Organisations")
    CONTACTS = "contacts", _("Contacts")
    OPPORTUNITIES = "opportunities", _("Opportunities")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Being checked")
    CHECKED = "checked", _("Checked: ready to import")
    INVALID = "invalid", _("Refused: problems to correct")
    IMPORTING = "importing", _("Being imported")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")
