import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from accounts.roles import PARTNER
from audit.models import Action, AuditEvent
from community.models import CommunityProcess
from home.search import PER_GROUP, fold
from partners.models import PartnerAccount
from tests.factories import (
    CommunityActionFactory,
    ContactFactory,
    OpportunityFactory,
    OrganisationFactory,
    PersonFactory,
    TableFactory,
    UserFactory,
)

URL = reverse("search")
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="unaccent and trigram similarity exist on PostgreSQL only"
)


def found(response, key):
    return [row.pk for group in response.context["groups"] if group.key == key for row in group.rows]


def test_search_needs_login(client, db):
    response = client.get(URL, {"q": "Rossi"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_rossi_is_found_across_people_organisations_and_contacts(worker_client, worker):
    person = PersonFactory(team=worker.team, last_name="Rossi", first_name="Anna")
    organisation = OrganisationFactory(name="Cooperativa Rossi e figli")
    contact = ContactFactory(last_name="Rossi", first_name="Luca")
    opportunity = OpportunityFactory(title="Laboratorio Rossi")
    table = TableFactory(name="Tavolo di via Rossi")
    action = CommunityActionFactory(title="Festa in piazza Rossi")
    process = CommunityProcess.objects.create(
        title="Quartiere Rossi", problem="Isolamento", target="Anziani", community_worker=worker
    )
    PersonFactory(team=worker.team, last_name="Bianchi")
    OrganisationFactory(name="Associazione Verdi")

    response = worker_client.get(URL, {"q": "rossi"})

    assert response.status_code == 200
    assert found(response, "people") == [person.pk]
    assert found(response, "organisations") == [organisation.pk]
    assert found(response, "contacts") == [contact.pk]
    assert found(response, "opportunities") == [opportunity.pk]
    assert found(response, "tables") == [table.pk]
    assert found(response, "processes") == [process.pk]
    assert found(response, "actions") == [action.pk]
    page = response.content.decode()
    assert person.get_absolute_url() in page and contact.get_absolute_url() in page
    assert "Associazione Verdi" not in page


def test_every_word_must_match(worker_client, worker):
    anna = PersonFactory(team=worker.team, last_name="Rossi", first_name="Anna")
    PersonFactory(team=worker.team, last_name="Rossi", first_name="Mario")
    assert found(worker_client.get(URL, {"q": "Anna Rossi"}), "people") == [anna.pk]


def test_the_header_box_is_on_every_page_with_a_label(worker_client):
    page = worker_client.get(reverse("home")).content.decode()
    assert 'id="header-search"' in page
    assert '<label class="visually-hidden" for="header-search-q">' in page
    assert f'action="{URL}"' in page


def test_each_person_shown_is_an_audited_read_without_the_text(worker_client, worker):
    shown = PersonFactory(team=worker.team, last_name="Rossi")
    PersonFactory(team=worker.team, last_name="Bianchi")
    OrganisationFactory(name="Rossi srl")

    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    worker_client.get(URL, {"q": "Rossi"})

    written = AuditEvent.objects.filter(pk__gt=before)
    reads = written.filter(action=Action.READ)
    assert [(event.object_type, event.object_id, event.subject_person_id) for event in reads] == [
        ("cases.person", str(shown.pk), shown.pk)
    ]
    event = reads.get()
    assert event.user == worker and event.path == URL
    assert "rossi" not in str(list(written.values_list("path", "changes", "object_repr"))).lower()


def test_another_teams_person_never_appears(worker_client, worker, other_team_worker):
    PersonFactory(team=other_team_worker.team, last_name="Rossi")

    response = worker_client.get(URL, {"q": "Rossi"})

    assert found(response, "people") == []
    assert not AuditEvent.objects.filter(action=Action.READ).exists()


def test_a_partner_account_gets_nothing(client, worker):
    organisation = OrganisationFactory(name="Oratorio Rossi")
    PersonFactory(team=worker.team, last_name="Rossi")
    user = UserFactory(username="giorgio", team=None, role=PARTNER)
    PartnerAccount.objects.create(user=user, contact=ContactFactory(organisation=organisation, last_name="Rossi"))
    client.force_login(user)

    response = client.get(URL, {"q": "Rossi"})

    assert response.status_code == 404
    assert "Oratorio Rossi" not in response.content.decode()
    assert 'id="header-search"' not in client.get(reverse("portal:home")).content.decode()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("r", ("Type at least %(limit_value)d characters to search.", 2)),
        ("x" * 101, ("Search for at most %(limit_value)d characters.", 100)),
        ("   ", ("Type a name or a word to search for.", None)),
        (" \u202e ", ("Type at least %(limit_value)d characters to search.", 2)),
    ],
)
def test_bad_input_is_explained(worker_client, worker, settings, text, message):
    PersonFactory(team=worker.team, last_name="Rossi")
    response = worker_client.get(URL, {"q": text})
    assert response.status_code == 200
    assert response.context["groups"] == []
    msgid, limit = message
    with translation.override("it"):
        expected = gettext(msgid) % {"limit_value": limit} if limit else gettext(msgid)
    assert escape(expected) in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.READ).exists()


def test_the_empty_page_searches_nothing(worker_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = worker_client.get(URL)
    assert response.status_code == 200
    assert response.context["groups"] == []
    assert "Scrivi un nome" not in response.content.decode()


def test_a_few_per_group_with_a_link_to_the_filtered_list(worker_client, worker):
    PersonFactory.create_batch(PER_GROUP + 2, team=worker.team, last_name="Rossi")
    ContactFactory.create_batch(PER_GROUP + 2, last_name="Rossi")

    response = worker_client.get(URL, {"q": "Rossi"})

    people = next(group for group in response.context["groups"] if group.key == "people")
    assert len(people.rows) == PER_GROUP and people.more
    assert people.see_all == reverse("cases:person_list") + "?q=Rossi"
    assert people.see_all.replace("&", "&amp;") in response.content.decode()
    contacts = next(group for group in response.context["groups"] if group.key == "contacts")
    assert contacts.more and contacts.see_all == ""
    # Only the people shown are read.
    assert AuditEvent.objects.filter(action=Action.READ).count() == PER_GROUP


@pytest.mark.parametrize("rows", [1, 12])
def test_query_count_is_constant(worker_client, worker, django_assert_max_num_queries, rows):
    PersonFactory.create_batch(rows, team=worker.team, last_name="Rossi")
    OrganisationFactory.create_batch(rows, name="Rossi spa")
    ContactFactory.create_batch(rows, last_name="Rossi")
    OpportunityFactory.create_batch(rows, title="Corso Rossi")
    TableFactory.create_batch(rows, name="Tavolo Rossi")
    CommunityActionFactory.create_batch(rows, title="Visita Rossi")
    with django_assert_max_num_queries(18):
        response = worker_client.get(URL, {"q": "Rossi"})
    assert len(response.context["groups"]) == 6


def test_fold_removes_accents_and_case():
    assert fold("Città NICOLÒ") == "citta nicolo"


def test_accents_are_ignored_on_sqlite_too(worker_client, worker):
    """The folded comparison works on either database (SQLite registers rete_fold in Python)."""
    organisation = OrganisationFactory(name="Città Aperta")
    person = PersonFactory(team=worker.team, last_name="Niccolò")
    assert found(worker_client.get(URL, {"q": "citta"}), "organisations") == [organisation.pk]
    assert found(worker_client.get(URL, {"q": "NICCOLO"}), "people") == [person.pk]
    assert found(worker_client.get(URL, {"q": "niccolò"}), "people") == [person.pk]


@postgresql_only
def test_a_typo_still_finds_the_name(worker_client, worker):
    person = PersonFactory(team=worker.team, last_name="Rossi", first_name="Anna")
    organisation = OrganisationFactory(name="Associazione Girasole")
    PersonFactory(team=worker.team, last_name="Bianchi", first_name="Carla")

    assert found(worker_client.get(URL, {"q": "Rosi"}), "people") == [person.pk]
    assert found(worker_client.get(URL, {"q": "girasoli"}), "organisations") == [organisation.pk]
    # Typo and accent together.
    assert found(worker_client.get(URL, {"q": "Rossì"}), "people") == [person.pk]


@postgresql_only
@pytest.mark.parametrize(
    ("table", "column"),
    [("cases_person", "last_name"), ("territory_organisation", "name"), ("community_communityaction", "title")],
)
def test_the_search_can_use_its_folded_trigram_indexes(worker, table, column):
    from cases.models import Person
    from community.models import CommunityAction
    from home.search import matching
    from territory.models import Organisation

    model = {"cases_person": Person, "territory_organisation": Organisation}.get(table, CommunityAction)
    index = f"{table}_{column}_fold_trgm"
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
    try:
        plan = matching(model.objects.all(), (column,), ["rossi"]).order_by().explain()
        assert index in plan
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = on")


def test_people_shown_count_towards_the_access_alert(worker_client, worker, settings):
    from audit.models import AccessAlert

    settings.AUDIT_ALERT_PEOPLE_PER_HOUR = 2
    PersonFactory.create_batch(3, team=worker.team, last_name="Rossi")

    worker_client.get(URL, {"q": "Rossi"})

    assert AccessAlert.objects.get().people == 3


def test_each_group_is_in_the_order_of_its_folded_names(worker_client, worker):
    """Accents and case do not move a name: "Àrco" sorts with the a's on SQLite and PostgreSQL alike."""
    zeta, arco, bosco = (OrganisationFactory(name=name) for name in ("Zeta Rossi", "Àrco Rossi", "bosco Rossi"))
    assert found(worker_client.get(URL, {"q": "rossi"}), "organisations") == [arco.pk, bosco.pk, zeta.pk]
