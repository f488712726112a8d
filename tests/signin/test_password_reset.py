"""Password reset by e-mail (issue 17): through the outbox, in Italian, one use, expiring, and silent about
which addresses exist."""

import re
import time

import pytest
import time_machine
from allauth.usersessions.models import UserSession
from django.core import mail
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from outbox.models import Email
from outbox.services import deliver_due
from tests.signin.conftest import log_in, signed_in_as

RESET = reverse("account_reset_password")
NEW_PASSWORD = "una-nuova-parola-lunga"  # noqa: S105


def ask_for_reset(client, email: str):
    return client.post(RESET, {"email": email})


def reset_link(settings) -> str:
    """The path of the link in the one e-mail sent."""
    deliver_due()
    (message,) = mail.outbox
    url = re.search(r"https?://\S+/utente/password/reset/key/\S+/", message.body).group(0)
    assert url.startswith(settings.SITE_URL)
    return url.removeprefix(settings.SITE_URL)


def set_new_password(client, link: str, password: str = NEW_PASSWORD):
    form_page = client.get(link)  # allauth moves the key into the session, off the address bar
    return client.post(form_page.url, {"password1": password, "password2": password})


def test_the_reset_page_is_public_and_italian(client, db):
    response = client.get(RESET)
    assert response.status_code == 200
    assert "Reimposta" in response.content.decode() or "reimpostare" in response.content.decode()


def test_a_known_address_gets_an_italian_e_mail_through_the_outbox(client, worker, settings):
    response = ask_for_reset(client, "sara@example.it")
    assert (response.status_code, response.url) == (302, reverse("account_reset_password_done"))
    queued = Email.objects.get()
    assert (queued.kind, queued.address, queued.record_id) == ("password_reset_key", "sara@example.it", str(worker.pk))
    assert not mail.outbox  # the request only queues; the job queue sends
    link = reset_link(settings)
    message = mail.outbox[0]
    assert message.subject == "[Rete] Email per reimpostare la password"
    assert "Hai ricevuto questa mail" in message.body and "sara" in message.body
    assert link.startswith("/utente/password/reset/key/")


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(client, worker):
    known = ask_for_reset(client, "sara@example.it")
    unknown = ask_for_reset(Client(), "nessuno@example.it")
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    done = Client().get(unknown.url).content.decode()
    assert "nessuno@example.it" not in done
    assert Email.objects.count() == 1


def test_an_inactive_account_gets_no_e_mail(client, worker):
    worker.is_active = False
    worker.save(update_fields=["is_active"])
    assert ask_for_reset(client, "sara@example.it").url == reverse("account_reset_password_done")
    assert not Email.objects.exists()


def test_the_link_sets_a_new_password_once(client, worker, settings):
    ask_for_reset(client, "sara@example.it")
    link = reset_link(settings)
    response = set_new_password(Client(), link)
    assert response.url == reverse("account_reset_password_from_key_done")
    worker.refresh_from_db()
    assert worker.check_password(NEW_PASSWORD)

    # The same link again: refused, and the password stays.
    again = Client()
    page = again.get(link)
    assert page.status_code == 200
    assert page.context["token_fail"] and "Token non valido" in page.content.decode()
    again.post(
        link.rsplit("/", 2)[0] + "/", {"password1": "ancora-un-altra-parola", "password2": "ancora-un-altra-parola"}
    )
    worker.refresh_from_db()
    assert worker.check_password(NEW_PASSWORD)


def test_an_expired_link_is_refused(client, worker, settings):
    ask_for_reset(client, "sara@example.it")
    link = reset_link(settings)
    late = Client()
    # A timestamp, not a datetime: unambiguous whatever the process's local time zone.
    with time_machine.travel(time.time() + settings.PASSWORD_RESET_TIMEOUT + 60):
        page = late.get(link, follow=True)
        assert page.status_code == 200 and page.context["token_fail"]
        late.post(page.request["PATH_INFO"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    worker.refresh_from_db()
    assert worker.check_password("password-di-prova")


def test_a_weak_new_password_is_refused_with_a_message(client, worker, settings):
    ask_for_reset(client, "sara@example.it")
    response = set_new_password(Client(), reset_link(settings), password="12345678901")
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    worker.refresh_from_db()
    assert worker.check_password("password-di-prova")


def test_a_reset_ends_every_session_of_the_account(client, worker, settings):
    elsewhere = Client()
    log_in(elsewhere, "sara")
    assert UserSession.objects.filter(user=worker).count() == 1
    ask_for_reset(client, "sara@example.it")
    set_new_password(Client(), reset_link(settings))

    assert elsewhere.get(reverse("home")).url.startswith(reverse("login"))
    assert signed_in_as(elsewhere) is None
    assert not UserSession.objects.filter(user=worker).exists()
    event = AuditEvent.objects.get(action="sessions_end")
    assert event.changes == {"sessions": 1, "reason": "password"}


@pytest.mark.parametrize("method", ["get", "post"])
def test_signing_up_and_managing_addresses_are_not_offered(client, worker, method):
    client.force_login(worker)
    for name in ("account_signup", "account_email", "socialaccount_connections", "usersessions_list"):
        assert getattr(client, method)(reverse(name)).status_code == 404, name


def test_the_pages_open_to_anyone_are_the_sign_in_pages_only(client, db):
    """Deny by default holds under /utente/: what answers without a login is chosen, and shows nobody."""
    from django.urls import NoReverseMatch

    from signin.urls import allauth_urlpatterns

    def names(patterns):
        for pattern in patterns:
            yield from names(pattern.url_patterns) if hasattr(pattern, "url_patterns") else [pattern.name]

    public = set()
    for name in set(filter(None, names(allauth_urlpatterns))):
        try:
            url = reverse(name)
        except NoReverseMatch:  # pages about one key or record: reached from the pages below
            continue
        response = client.get(url)
        location = response.get("Location", "")
        if response.status_code == 200:
            public.add(name)
        else:
            assert (
                response.status_code == 404 or location.startswith(reverse("login")) or location == "/utente/login/"
            ), name
    assert public == {
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key_done",
        "account_inactive",
        "socialaccount_login_cancelled",
    }
    assert client.get("/utente/confirm-email/qualsiasi-chiave/").status_code == 404
