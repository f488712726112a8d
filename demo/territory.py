"""Italian demo data for the territory: the Ambito del Rhodense (Città metropolitana di Milano).

ISTAT codes are the real ones (ISTAT, Elenco comuni italiani); organisations, people and
codes are invented, and the fiscal codes are computed to be well formed. Running it again updates
the records in place, so it never duplicates them.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from territory.choices import AreaKind
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

DISTRICT = ("Ambito territoriale del Rhodense", "ATS-MI-RHO")

# name, ISTAT code, latitude, longitude, neighbourhoods
MUNICIPALITIES = [
    ("Rho", "015182", "45.5310", "9.0400", ["Centro", "Lucernate", "Mazzo", "Passirana", "Terrazzano"]),
    ("Arese", "015009", "45.5530", "9.0770", ["Valera"]),
    ("Cornaredo", "015087", "45.5000", "9.0290", ["San Pietro all'Olmo"]),
    ("Lainate", "015116", "45.5710", "9.0270", ["Barbaiana", "Grancia"]),
    ("Pero", "015170", "45.5100", "9.0870", ["Cerchiate"]),
    ("Pogliano Milanese", "015176", "45.5370", "8.9940", []),
    ("Pregnana Milanese", "015179", "45.5150", "8.9980", []),
    ("Settimo Milanese", "015211", "45.4780", "9.0570", ["Seguro", "Vighignolo"]),
    ("Vanzago", "015229", "45.5260", "8.9900", []),
]

# name, kind, cooperative type, comune, neighbourhood served (or None for the whole comune),
# target groups, poverty dimensions
ORGANISATIONS = [
    ("Auser Rho ODV", "odv", "", "Rho", None, ["elderly"], ["relational", "material"]),
    (
        "Caritas decanale di Rho - Centro di ascolto",
        "caritas",
        "",
        "Rho",
        None,
        ["adults_in_hardship", "families", "migrants"],
        ["material", "economic_work"],
    ),
    (
        "Parrocchia San Vittore - Oratorio",
        "parish",
        "",
        "Rho",
        "Centro",
        ["children", "adolescents"],
        ["educational", "relational"],
    ),
    (
        "Oratorio San Michele di Mazzo",
        "parish",
        "",
        "Rho",
        "Mazzo",
        ["children", "adolescents", "families"],
        ["educational", "relational"],
    ),
    (
        "Cooperativa sociale Il Girasole",
        "social_cooperative",
        "A",
        "Rho",
        "Lucernate",
        ["adolescents", "young_adults"],
        ["educational"],
    ),
    (
        "Cooperativa sociale Lavoro e Dignità",
        "social_cooperative",
        "B",
        "Rho",
        None,
        ["adults_in_hardship", "disabled"],
        ["economic_work"],
    ),
    ("APS Quartiere Passirana Insieme", "aps", "", "Rho", "Passirana", ["everyone", "elderly"], ["relational"]),
    (
        "Comitato genitori Terrazzano",
        "informal_group",
        "",
        "Rho",
        "Terrazzano",
        ["families", "children"],
        ["educational", "relational"],
    ),
    (
        "Istituto comprensivo Rho Est",
        "school",
        "",
        "Rho",
        None,
        ["children", "adolescents", "families"],
        ["educational"],
    ),
    (
        "Consultorio familiare ASST Rhodense",
        "health_service",
        "",
        "Rho",
        None,
        ["families", "adolescents"],
        ["relational"],
    ),
    (
        "Centro per l'impiego di Rho",
        "job_centre",
        "",
        "Rho",
        None,
        ["young_adults", "adults_in_hardship"],
        ["economic_work"],
    ),
    ("Emporio solidale Rhodense ODV", "odv", "", "Rho", None, ["families", "adults_in_hardship"], ["material"]),
    (
        "Fondazione Comunitaria Nord Milano",
        "philanthropic",
        "",
        "Rho",
        None,
        ["everyone"],
        ["economic_work", "material"],
    ),
    ("Società di mutuo soccorso di Rho", "mutual_aid", "", "Rho", None, ["elderly", "families"], ["economic_work"]),
    ("Rete Terzo Settore Rhodense", "network", "", "Rho", None, ["everyone"], ["relational"]),
    ("Associazione Valera Viva APS", "aps", "", "Arese", "Valera", ["elderly", "everyone"], ["relational"]),
    (
        "Scuola di italiano per stranieri Arese ODV",
        "odv",
        "",
        "Arese",
        None,
        ["migrants"],
        ["educational", "relational"],
    ),
    (
        "Cooperativa sociale Spazio Giovani",
        "social_cooperative",
        "A",
        "Arese",
        None,
        ["adolescents", "young_adults"],
        ["educational", "relational"],
    ),
    (
        "Oratorio San Pietro all'Olmo",
        "parish",
        "",
        "Cornaredo",
        "San Pietro all'Olmo",
        ["children", "adolescents"],
        ["educational"],
    ),
    (
        "Banco di solidarietà Cornaredo ODV",
        "odv",
        "",
        "Cornaredo",
        None,
        ["families", "adults_in_hardship"],
        ["material"],
    ),
    (
        "Orti sociali Cornaredo APS",
        "aps",
        "",
        "Cornaredo",
        None,
        ["elderly", "adults_in_hardship"],
        ["relational", "material"],
    ),
    ("Caritas parrocchiale Barbaiana", "caritas", "", "Lainate", "Barbaiana", ["families", "migrants"], ["material"]),
    ("Associazione Grancia Solidale", "aps", "", "Lainate", "Grancia", ["elderly", "disabled"], ["relational"]),
    (
        "Cooperativa sociale Villa Litta Lavoro",
        "social_cooperative",
        "AB",
        "Lainate",
        None,
        ["disabled", "young_adults"],
        ["economic_work", "educational"],
    ),
    ("Istituto comprensivo Lainate", "school", "", "Lainate", None, ["children", "adolescents"], ["educational"]),
    ("Doposcuola Cerchiate APS", "aps", "", "Pero", "Cerchiate", ["children", "adolescents"], ["educational"]),
    (
        "Ufficio servizi sociali Comune di Pero",
        "municipal_office",
        "",
        "Pero",
        None,
        ["everyone"],
        ["material", "economic_work", "educational", "relational"],
    ),
    ("Associazione Anziani Pero ODV", "odv", "", "Pero", None, ["elderly"], ["relational"]),
    (
        "Gruppo volontari Pogliano",
        "informal_group",
        "",
        "Pogliano Milanese",
        None,
        ["elderly", "families"],
        ["relational", "material"],
    ),
    (
        "Impresa sociale Casa Comune",
        "social_enterprise",
        "",
        "Pogliano Milanese",
        None,
        ["adults_in_hardship", "migrants"],
        ["material", "economic_work"],
    ),
    ("Pro Loco Pregnana", "other_third_sector", "", "Pregnana Milanese", None, ["everyone"], ["relational"]),
    (
        "Parrocchia Santi Pietro e Paolo Pregnana",
        "parish",
        "",
        "Pregnana Milanese",
        None,
        ["families", "children"],
        ["relational", "material"],
    ),
    (
        "Associazione Seguro Giovani APS",
        "aps",
        "",
        "Settimo Milanese",
        "Seguro",
        ["adolescents", "young_adults"],
        ["educational", "relational"],
    ),
    (
        "Cooperativa sociale Vighignolo Servizi",
        "social_cooperative",
        "A",
        "Settimo Milanese",
        "Vighignolo",
        ["disabled", "elderly"],
        ["relational"],
    ),
    (
        "Consorzio cooperative sociali Ovest Milano",
        "social_cooperative",
        "consortium",
        "Settimo Milanese",
        None,
        ["everyone"],
        ["economic_work"],
    ),
    (
        "Centro diurno disabili Settimo",
        "other_third_sector",
        "",
        "Settimo Milanese",
        None,
        ["disabled"],
        ["relational", "educational"],
    ),
    (
        "Associazione Vanzago Accoglie ODV",
        "odv",
        "",
        "Vanzago",
        None,
        ["migrants", "families"],
        ["material", "relational"],
    ),
    ("Gruppo di cammino Vanzago", "informal_group", "", "Vanzago", None, ["elderly"], ["relational"]),
    ("Bottega del commercio equo Rho", "business", "", "Rho", "Centro", ["everyone"], ["economic_work"]),
    (
        "Associazione Dipendenze e Rete ODV",
        "odv",
        "",
        "Rho",
        None,
        ["addictions", "adults_in_hardship"],
        ["relational", "economic_work"],
    ),
]

# organisation, first name, last name, role, liaison
CONTACTS = [
    ("Auser Rho ODV", "Giuseppina", "Colombo", "Presidente", True),
    ("Caritas decanale di Rho - Centro di ascolto", "Marco", "Brambilla", "Responsabile centro di ascolto", True),
    ("Parrocchia San Vittore - Oratorio", "don Luca", "Ferrario", "Responsabile oratorio", False),
    ("Parrocchia San Vittore - Oratorio", "Chiara", "Galli", "Educatrice", True),
    ("Oratorio San Michele di Mazzo", "Davide", "Sala", "Coordinatore doposcuola", True),
    ("Cooperativa sociale Il Girasole", "Elena", "Rossi", "Coordinatrice area giovani", True),
    ("Cooperativa sociale Lavoro e Dignità", "Paolo", "Villa", "Responsabile inserimenti lavorativi", True),
    ("APS Quartiere Passirana Insieme", "Rosa", "Fumagalli", "Segretaria", True),
    ("Istituto comprensivo Rho Est", "Laura", "Bianchi", "Referente inclusione", False),
    ("Consultorio familiare ASST Rhodense", "Silvia", "Marelli", "Assistente sociale", True),
    ("Emporio solidale Rhodense ODV", "Giorgio", "Cattaneo", "Coordinatore volontari", True),
    ("Associazione Valera Viva APS", "Franca", "Monti", "Presidente", True),
    ("Scuola di italiano per stranieri Arese ODV", "Amina", "El Idrissi", "Mediatrice culturale", True),
    ("Cooperativa sociale Spazio Giovani", "Stefano", "Riva", "Educatore di strada", True),
    ("Oratorio San Pietro all'Olmo", "Matteo", "Cozzi", "Educatore", True),
    ("Banco di solidarietà Cornaredo ODV", "Anna", "Porta", "Referente distribuzione", True),
    ("Orti sociali Cornaredo APS", "Luigi", "Re", "Referente orti", True),
    ("Caritas parrocchiale Barbaiana", "Teresa", "Bossi", "Volontaria", True),
    ("Doposcuola Cerchiate APS", "Giulia", "Mariani", "Coordinatrice", True),
    ("Associazione Seguro Giovani APS", "Andrea", "Pozzi", "Presidente", True),
    ("Associazione Vanzago Accoglie ODV", "Fatima", "Diallo", "Mediatrice", True),
    ("Associazione Dipendenze e Rete ODV", "Roberto", "Gatti", "Operatore", True),
]

# organisation, title, kind, areas, target groups, dimensions, capacity, how to access, liaison last name
OPPORTUNITIES = [
    (
        "Oratorio San Michele di Mazzo",
        "Doposcuola medie Mazzo",
        "after_school",
        ["Mazzo"],
        ["adolescents"],
        ["educational"],
        20,
        "Colloquio con il coordinatore, il martedì pomeriggio.",
        "Sala",
    ),
    (
        "Parrocchia San Vittore - Oratorio",
        "Doposcuola elementari in oratorio",
        "after_school",
        ["Centro"],
        ["children"],
        ["educational"],
        30,
        "Iscrizione in segreteria dell'oratorio.",
        "Galli",
    ),
    (
        "Cooperativa sociale Il Girasole",
        "Spazio compiti e tempo libero adolescenti",
        "after_school",
        ["Lucernate", "Rho"],
        ["adolescents"],
        ["educational", "relational"],
        15,
        "Invio del servizio sociale con scheda di segnalazione.",
        "Rossi",
    ),
    (
        "Doposcuola Cerchiate APS",
        "Doposcuola di quartiere Cerchiate",
        "after_school",
        ["Cerchiate"],
        ["children", "adolescents"],
        ["educational"],
        25,
        "Contattare la coordinatrice.",
        "Mariani",
    ),
    (
        "Emporio solidale Rhodense ODV",
        "Emporio solidale",
        "food_aid",
        ["Rho", "Pero", "Arese"],
        ["families", "adults_in_hardship"],
        ["material"],
        120,
        "Tessera a punti rilasciata su invio del servizio sociale o della Caritas.",
        "Cattaneo",
    ),
    (
        "Banco di solidarietà Cornaredo ODV",
        "Pacchi alimentari mensili",
        "food_aid",
        ["Cornaredo"],
        ["families"],
        ["material"],
        60,
        "Colloquio con la referente.",
        "Porta",
    ),
    (
        "Orti sociali Cornaredo APS",
        "Orti sociali di via Verdi",
        "social_garden",
        ["Cornaredo"],
        ["elderly", "adults_in_hardship"],
        ["relational", "material"],
        40,
        "Domanda all'associazione; priorità agli invii del servizio.",
        "Re",
    ),
    (
        "APS Quartiere Passirana Insieme",
        "Portierato di comunità Passirana",
        "community_concierge",
        ["Passirana"],
        ["everyone", "elderly"],
        ["relational"],
        None,
        "Aperto il lunedì e il giovedì mattina.",
        "Fumagalli",
    ),
    (
        "Associazione Valera Viva APS",
        "Portineria di quartiere Valera",
        "community_concierge",
        ["Valera"],
        ["elderly", "everyone"],
        ["relational"],
        None,
        "Accesso libero negli orari di apertura.",
        "Monti",
    ),
    (
        "Auser Rho ODV",
        "Compagnia telefonica e accompagnamenti",
        "home_care",
        ["Rho"],
        ["elderly"],
        ["relational"],
        50,
        "Segnalazione telefonica alla presidente.",
        "Colombo",
    ),
    (
        "Cooperativa sociale Lavoro e Dignità",
        "Tirocini di inclusione",
        "work_integration",
        ["Rho", "Lainate", "Pero"],
        ["adults_in_hardship", "disabled"],
        ["economic_work"],
        10,
        "Invio del servizio sociale con progetto personalizzato.",
        "Villa",
    ),
    (
        "Scuola di italiano per stranieri Arese ODV",
        "Corso di italiano per donne",
        "language_course",
        ["Arese"],
        ["migrants"],
        ["educational", "relational"],
        18,
        "Iscrizione in sede, con servizio di custodia bambini.",
        "El Idrissi",
    ),
    (
        "Cooperativa sociale Spazio Giovani",
        "Educativa di strada",
        "socialising",
        ["Arese", "Rho"],
        ["adolescents"],
        ["relational", "educational"],
        None,
        "Gli educatori sono presenti nei parchi il venerdì sera.",
        "Riva",
    ),
    (
        "Associazione Seguro Giovani APS",
        "Sala prove e laboratori musicali",
        "socialising",
        ["Seguro"],
        ["adolescents", "young_adults"],
        ["relational"],
        12,
        "Contattare il presidente.",
        "Pozzi",
    ),
    (
        "Caritas decanale di Rho - Centro di ascolto",
        "Centro di ascolto e aiuto bollette",
        "listening",
        ["Rho"],
        ["adults_in_hardship", "families"],
        ["material", "economic_work"],
        None,
        "Accesso libero il mercoledì mattina.",
        "Brambilla",
    ),
    (
        "Associazione Vanzago Accoglie ODV",
        "Sportello accoglienza migranti",
        "listening",
        ["Vanzago"],
        ["migrants"],
        ["relational", "material"],
        None,
        "Su appuntamento.",
        "Diallo",
    ),
    (
        "Associazione Dipendenze e Rete ODV",
        "Gruppo di auto mutuo aiuto",
        "listening",
        ["Rho"],
        ["addictions"],
        ["relational"],
        15,
        "Colloquio preliminare con l'operatore.",
        "Gatti",
    ),
]

PROTOCOL = {
    "title": "Protocollo di rete per il contrasto alla povertà educativa nel Rhodense",
    "scope": (
        "I firmatari si impegnano a segnalarsi reciprocamente i minori e le famiglie in difficoltà, "
        "a condividere le opportunità educative del territorio e a partecipare al tavolo operativo "
        "convocato ogni due mesi dal servizio sociale."
    ),
    "partners": [
        "Parrocchia San Vittore - Oratorio",
        "Oratorio San Michele di Mazzo",
        "Cooperativa sociale Il Girasole",
        "Istituto comprensivo Rho Est",
        "Doposcuola Cerchiate APS",
    ],
}


def coordinates_near(latitude: str, longitude: str, index: int) -> tuple[Decimal, Decimal]:
    """Spread the organisations of one town around its centre, a few hundred metres apart."""
    offsets = [(-3, 2), (2, 3), (3, -2), (-2, -3), (1, 1), (-1, 4), (4, 0), (0, -4)]
    dy, dx = offsets[index % len(offsets)]
    return (
        (Decimal(latitude) + Decimal(dy) / 1000).quantize(Decimal("0.000001")),
        (Decimal(longitude) + Decimal(dx) / 1000).quantize(Decimal("0.000001")),
    )


def numeric_fiscal_code(index: int) -> str:
    """A well-formed 11-digit code for a non-profit body (they start with 9)."""
    base = f"97{index + 100000:08d}"
    total = 0
    for i, char in enumerate(base):
        digit = int(char)
        if i % 2 == 1:
            digit = digit * 2 - 9 if digit * 2 > 9 else digit * 2
        total += digit
    return base + str((10 - total % 10) % 10)


# Kinds of organisation that are not registered bodies: no fiscal code, no RUNTS number.
NOT_BODIES = ("informal_group", "parish", "school", "health_service", "job_centre", "municipal_office")


def seed_territory() -> dict[str, Organisation]:
    """The ambito's areas, organisations, contacts, opportunities and protocol; returns the organisations."""
    areas = seed_areas()
    organisations = seed_organisations(areas)
    contacts = seed_contacts(organisations)
    seed_opportunities(organisations, areas, contacts)
    seed_protocol(organisations)
    seed_offers(organisations, areas)
    return organisations


def seed_areas() -> dict[str, Area]:
    district, _ = Area.objects.get_or_create(
        name=DISTRICT[0], parent=None, defaults={"kind": AreaKind.DISTRICT, "regional_code": DISTRICT[1]}
    )
    areas = {district.name: district}
    for name, istat_code, _lat, _lon, neighbourhoods in MUNICIPALITIES:
        municipality, _ = Area.objects.update_or_create(
            istat_code=istat_code, defaults={"name": name, "kind": AreaKind.MUNICIPALITY, "parent": district}
        )
        areas[name] = municipality
        for neighbourhood in neighbourhoods:
            areas[neighbourhood], _ = Area.objects.get_or_create(
                name=neighbourhood, parent=municipality, defaults={"kind": AreaKind.NEIGHBOURHOOD}
            )
    return areas


def seed_organisations(areas: dict[str, Area]) -> dict[str, Organisation]:
    target_groups = {group.code: group for group in TargetGroup.objects.all()}
    dimensions = {dimension.code: dimension for dimension in PovertyDimension.objects.all()}
    centres = {name: (lat, lon) for name, _code, lat, lon, _n in MUNICIPALITIES}
    organisations = {}
    for index, (name, kind, coop_type, town, neighbourhood, groups, dims) in enumerate(ORGANISATIONS):
        latitude, longitude = coordinates_near(*centres[town], index)
        is_body = kind not in NOT_BODIES
        organisation, _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "cooperative_type": coop_type,
                "fiscal_code": numeric_fiscal_code(index) if is_body else "",
                "runts_number": f"{12000 + index * 37}" if is_body and kind != "business" else "",
                "address": f"Via {['Roma', 'Garibaldi', 'Matteotti', 'Mazzini', 'Manzoni'][index % 5]} {index + 3}",
                "postcode": "20017" if town == "Rho" else "",
                "municipality": areas[town],
                "latitude": latitude,
                "longitude": longitude,
                "email": f"info.{index}@{town.lower().replace(' ', '')}.example.it",
                "phone": f"02 93{index:02d} {4100 + index}",
                "active": index != 38,
            },
        )
        organisation.areas_served.set([areas[neighbourhood or town]])
        organisation.target_groups.set([target_groups[code] for code in groups])
        organisation.poverty_dimensions.set([dimensions[code] for code in dims])
        organisations[name] = organisation
    return organisations


def seed_contacts(organisations: dict[str, Organisation]) -> dict[str, Contact]:
    contacts = {}
    for organisation_name, first, last, role, liaison in CONTACTS:
        contact, _ = Contact.objects.update_or_create(
            organisation=organisations[organisation_name],
            first_name=first,
            last_name=last,
            defaults={
                "role": role,
                "is_liaison": liaison,
                "email": f"{first.split()[-1].lower()}.{last.lower().replace(' ', '')}@example.it",
                "phone": f"333 {len(first) * 1111111 % 10000000:07d}",
            },
        )
        contacts[last] = contact
    return contacts


# The public directory (issue 19): these organisations and their opportunities are published, with a
# public contact and the ages they take; the rest stay on the staff pages only. The first is the
# after-school the done-means journey finds: a 12-year-old in the Mazzo quartiere.
PUBLISHED = {
    "Doposcuola medie Mazzo": (11, 14, "Residenza o frequenza scolastica a Rho.", "Gratuito.", "it, en"),
    "Doposcuola elementari in oratorio": (6, 10, "", "Contributo di 10 euro al mese, riducibile.", "it"),
    "Spazio compiti e tempo libero adolescenti": (11, 17, "Invio del servizio sociale.", "Gratuito.", "it, ar"),
    "Doposcuola di quartiere Cerchiate": (6, 14, "", "Gratuito.", "it"),
    "Orti sociali di via Verdi": (None, None, "Residenti a Cornaredo.", "Quota annua di 20 euro.", "it"),
    "Portierato di comunità Passirana": (None, None, "", "Gratuito.", "it"),
    "Portineria di quartiere Valera": (None, None, "", "Gratuito.", "it"),
    "Compagnia telefonica e accompagnamenti": (65, None, "Persone anziane sole.", "Gratuito.", "it"),
    "Corso di italiano per donne": (16, None, "", "Gratuito.", "it, ar, en"),
    "Sala prove e laboratori musicali": (14, 25, "", "5 euro a serata.", "it"),
    "Sportello accoglienza migranti": (18, None, "", "Gratuito.", "it, en, fr, ar"),
}


def seed_opportunities(organisations, areas, contacts) -> None:
    target_groups = {group.code: group for group in TargetGroup.objects.all()}
    dimensions = {dimension.code: dimension for dimension in PovertyDimension.objects.all()}
    for organisation_name, title, kind, area_names, groups, dims, capacity, access, liaison in OPPORTUNITIES:
        opportunity, _ = Opportunity.objects.update_or_create(
            organisation=organisations[organisation_name],
            title=title,
            defaults={
                "kind": kind,
                "description": title + ".",
                "capacity": capacity,
                "how_to_access": access,
                "start_date": date(2025, 9, 15),
                "liaison": contacts[liaison],
            },
        )
        opportunity.areas.set([areas[name] for name in area_names])
        opportunity.target_groups.set([target_groups[code] for code in groups])
        opportunity.poverty_dimensions.set([dimensions[code] for code in dims])
        if title in PUBLISHED:
            publish(opportunity, *PUBLISHED[title])


def publish(
    opportunity: Opportunity, low: int | None, high: int | None, eligibility: str, fees: str, languages: str
) -> None:
    """Publish the opportunity, its organisation and the organisation's liaison figure as public contact."""
    today = timezone.localdate()
    Opportunity.objects.filter(pk=opportunity.pk).update(
        published=True, minimum_age=low, maximum_age=high, eligibility=eligibility, fees=fees,
        languages=languages, verified_on=today,
    )  # fmt: skip
    Organisation.objects.filter(pk=opportunity.organisation_id).update(published=True, verified_on=today)
    if opportunity.liaison_id:
        Contact.objects.filter(pk=opportunity.liaison_id).update(public=True)


def seed_protocol(organisations) -> None:
    protocol, _ = Protocol.objects.update_or_create(
        title=PROTOCOL["title"],
        defaults={"scope": PROTOCOL["scope"], "start_date": date(2025, 3, 1), "end_date": date(2027, 2, 28)},
    )
    protocol.partners.set([organisations[name] for name in PROTOCOL["partners"]])


# Offered availability (issue 15): title, organisation or None, volunteer and contact, dimensions, area,
# registered so many days ago, available for so many days more (None: open-ended). The after-school
# lessons were offered 75 days ago and nobody used them: flagged. The phone company is used for Anna
# (demo.cases).
OFFERS = [
    (
        "Passaggi in auto per le visite mediche, il martedì mattina",
        None, "Marta Colombo", "333 4455667", ["relational", "material"], "Rho", 20, 90,
    ),
    (
        "Pacchi alimentari straordinari per le feste",
        "Emporio solidale Rhodense ODV", "", "", ["material"], "Rho", 10, 40,
    ),
    (
        "Ripetizioni di matematica per ragazzi delle medie",
        None, "Franco Ferri", "franco.ferri@example.it", ["educational"], "Lucernate", 75, None,
    ),
    (
        "Compagnia telefonica per anziani soli",
        "Auser Rho ODV", "", "02 9300 4100", ["relational"], "Rho", 70, 180,
    ),
]  # fmt: skip
PHONE_COMPANY = OFFERS[3][0]


def seed_offers(organisations, areas) -> None:
    today = timezone.localdate()
    dimensions = {dimension.code: dimension for dimension in PovertyDimension.objects.all()}
    for title, organisation, volunteer, contact, dims, area, days_ago, days_left in OFFERS:
        offer, created = Offer.objects.get_or_create(
            title=title,
            defaults={
                "organisation": organisations[organisation] if organisation else None,
                "volunteer_name": volunteer,
                "contact": contact,
                "area": areas[area],
                "registered_on": today - timedelta(days=days_ago),
                "available_until": today + timedelta(days=days_left) if days_left else None,
                "description": title + ".",
            },
        )
        if created:
            offer.poverty_dimensions.set([dimensions[code] for code in dims])
