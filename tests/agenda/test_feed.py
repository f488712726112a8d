"""The calendar feed: a secret, revocable address; a valid .ics naming nobody; 404 otherwise."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from django.urls import reverse
from icalendar import Calendar

from agenda.models import CalendarFeed
from agenda.services import create_feed, revoke_feed, token_hash
from audit.models import AuditEvent
from tests.agenda.conftest import CANARY_FIRST, CANARY_LAST, TODAY, at, one_of_each

SETTINGS = reverse("agenda:feed_settings")
FEED = reverse("agenda:feed")


def feed_url(token: str) -> str:
    return f"{FEED}?t={token}"


def events(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_making_a_feed_shows_its_address_once_and_keeps_only_a_hash(worker_client, worker, today):
    response = worker_client.post(reverse("agenda:feed_create"))
    assert response.status_code == 200
    url = response.context["new_url"]
    token = urlsplit(url).query.removeprefix("t=")
    assert url.startswith(f"http://testserver{FEED}?t=") and len(token) >= 40
    assert url in response.content.decode()
    assert "no-store" in response["Cache-Control"]

    feed = CalendarFeed.objects.get(user=worker)
    assert feed.token_hash == token_hash(token) != token
    # Shown once: the page does not show it again.
    again = worker_client.get(SETTINGS)
    assert token not in again.content.decode()
    assert again.context["feed"] == feed
    # The trail knows a feed was made, not its token.
    event = AuditEvent.objects.get(object_type="agenda.calendarfeed", action="create")
    assert token not in str(event.changes) and feed.token_hash not in str(event.changes)


def test_the_feed_holds_the_agenda_as_a_valid_calendar_without_names(client, worker, today):
    records = one_of_each(worker, TODAY + timedelta(days=2))
    one_of_each(worker, TODAY - timedelta(days=3))
    token = create_feed(user=worker)

    # No login: the calendar app has only the address.
    response = client.get(feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]

    found = events(response)
    assert len(found) == 12
    meeting = found[str(records["meeting"].uid)]
    assert str(meeting["SUMMARY"]) == f"Incontro del tavolo «{records['meeting'].table.name}»"
    assert meeting.decoded("DTSTART") == records["meeting"].starts_at
    assert str(meeting["LOCATION"]) == "Sala civica"
    follow_up = found[f"referral-follow-up-{records['referral'].pk}@rete"]
    assert str(follow_up["SUMMARY"]) == f"Verifica invio – caso {records['referral'].case_id}"
    assert follow_up.decoded("DTSTART") == TODAY + timedelta(days=2)
    assert str(follow_up["URL"]) == f"http://testserver{records['referral'].get_absolute_url()}"

    text = response.content.decode()
    # Nobody's name: not the person in charge, nor the worker; nothing written about anyone.
    for name in (CANARY_FIRST, CANARY_LAST, worker.first_name, worker.last_name):
        assert name not in text
    for free_text in ("Chiamare la parrocchia", "famiglia", records["community_action"].title, "Doposcuola"):
        assert free_text not in text


def test_the_feed_is_worded_in_italian(client, worker, today):
    """Calendar apps send no language: the feed speaks the service's, with Italian dates."""
    records = one_of_each(worker, TODAY)
    action = records["community_action"]
    response = client.get(feed_url(create_feed(user=worker)))
    summary = str(events(response)[f"community-follow-up-{action.pk}@rete"]["SUMMARY"])
    assert "invito" in summary
    assert action.date.strftime("%d/%m/%Y") in summary


def test_a_revoked_feed_answers_404_like_a_missing_page(worker_client, client, worker, today):
    token = create_feed(user=worker)
    assert client.get(feed_url(token)).status_code == 200

    response = worker_client.post(reverse("agenda:feed_revoke"))
    assert response.status_code == 302
    assert not CalendarFeed.objects.exists()
    client.logout()
    gone = client.get(feed_url(token))
    # Both drawn from scratch: the second would otherwise reuse the header kept from the first.
    caches["fragments"].clear()
    missing = client.get("/questa-pagina-non-esiste/")
    assert gone.status_code == missing.status_code == 404
    assert [t.name for t in gone.templates] == [t.name for t in missing.templates]
    assert gone["Content-Type"] == missing["Content-Type"]
    assert AuditEvent.objects.filter(object_type="agenda.calendarfeed", action="delete").count() == 1


def test_a_new_address_revokes_the_old_one(client, worker, today):
    old = create_feed(user=worker)
    new = create_feed(user=worker)
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200
    assert CalendarFeed.objects.count() == 1


@pytest.mark.parametrize("token", ["", "x", "a" * 43, "a" * 5000])
def test_an_unknown_token_answers_404(client, worker, today, token):
    create_feed(user=worker)
    assert client.get(feed_url(token)).status_code == 404
    assert client.get(FEED).status_code == 404


def test_a_disabled_account_has_no_feed(client, worker, today):
    token = create_feed(user=worker)
    worker.is_active = False
    worker.save()
    assert client.get(feed_url(token)).status_code == 404


def test_the_feed_is_only_read(client, worker, today):
    token = create_feed(user=worker)
    assert client.post(feed_url(token)).status_code == 405
    assert client.head(feed_url(token)).status_code == 200


def test_the_last_read_is_kept_to_the_hour(client, worker):
    with at(TODAY, hour=9):
        token = create_feed(user=worker)
        client.get(feed_url(token))
    first = CalendarFeed.objects.get().last_used_at
    assert first is not None
    with at(TODAY, hour=9):
        client.get(feed_url(token))
    assert CalendarFeed.objects.get().last_used_at == first
    with at(TODAY, hour=11):
        client.get(feed_url(token))
    assert CalendarFeed.objects.get().last_used_at > first


def test_each_poll_is_not_audited(client, worker, today):
    token = create_feed(user=worker)
    before = AuditEvent.objects.count()
    for _ in range(3):
        client.get(feed_url(token))
    assert AuditEvent.objects.count() == before


def test_feed_pages_need_a_login_and_changes_need_post(client, worker_client, today):
    assert worker_client.get(reverse("agenda:feed_create")).status_code == 405
    assert worker_client.get(reverse("agenda:feed_revoke")).status_code == 405
    client.logout()
    for url in (SETTINGS, reverse("agenda:feed_create"), reverse("agenda:feed_revoke")):
        response = client.post(url) if "nuovo" in url or "revoca" in url else client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert not CalendarFeed.objects.exists()


def test_revoking_twice_changes_nothing(worker_client, worker, today):
    create_feed(user=worker)
    assert revoke_feed(user=worker) is True
    assert revoke_feed(user=worker) is False
    assert worker_client.post(reverse("agenda:feed_revoke")).status_code == 302


def test_someone_elses_feed_is_not_on_my_page(worker_client, other_team_worker, today):
    create_feed(user=other_team_worker)
    response = worker_client.get(SETTINGS)
    assert response.context["feed"] is None
    # Revoking mine leaves theirs alone.
    worker_client.post(reverse("agenda:feed_revoke"))
    assert CalendarFeed.objects.filter(user=other_team_worker).exists()


@pytest.mark.parametrize("rows", [1, 30])
def test_the_feed_query_count_does_not_grow(client, worker, django_assert_max_num_queries, rows):
    with at(TODAY):
        for index in range(rows):
            one_of_each(worker, TODAY + timedelta(days=index % 20))
        token = create_feed(user=worker)
        # The feed and its user, the user's permissions (2), one query per kind (6), the last read (1).
        with django_assert_max_num_queries(10):
            response = client.get(feed_url(token))
    assert len(events(response)) == 6 * rows


def test_the_feed_says_how_often_to_read_it(client, worker, today):
    calendar = Calendar.from_ical(client.get(feed_url(create_feed(user=worker))).content)
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert calendar.decoded("REFRESH-INTERVAL") == timedelta(hours=1)
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    assert "METHOD" not in calendar
