from django.urls import reverse

from tests.factories import OrganisationFactory


def test_home_needs_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_home_shows_the_directory_counts(worker_client, django_assert_max_num_queries):
    OrganisationFactory.create_batch(3)
    OrganisationFactory(active=False)
    with django_assert_max_num_queries(12):
        response = worker_client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["counts"]["organisations"] == 3


def test_home_counts_my_open_cases_and_follow_ups(worker_client, worker):
    from django.utils import timezone

    from tests.factories import CaseFactory, ReferralFactory

    mine = CaseFactory(person__team=worker.team, responsible=worker)
    CaseFactory(person__team=worker.team, responsible=worker, status="closed")
    CaseFactory(person__team=worker.team)
    ReferralFactory(case=mine, status="sent", follow_up_on=timezone.localdate())
    counts = worker_client.get(reverse("home")).context["counts"]
    assert (counts["my_open_cases"], counts["follow_ups"]) == (1, 1)


def test_login_page_is_public_and_in_italian(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Accedi" in response.content.decode()


def test_a_worker_logs_in_and_lands_on_home(client, worker):
    response = client.post(reverse("login"), {"login": "sara", "password": "password-di-prova"})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_a_wrong_password_is_explained(client, worker):
    response = client.post(reverse("login"), {"login": "sara", "password": "sbagliata"})
    assert response.status_code == 200
    assert "Nome utente o password errati." in response.content.decode()


def test_logout_is_a_post(worker_client):
    assert worker_client.get(reverse("logout")).status_code == 405
    assert worker_client.post(reverse("logout")).status_code == 302
    assert worker_client.get(reverse("home")).status_code == 302


def test_health_is_public_and_touches_no_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("health"))
    assert response.content == b"ok"


def _reloaded_urls():
    import importlib

    from django.urls import clear_url_caches

    import config.urls

    clear_url_caches()
    return importlib.reload(config.urls)


def test_the_benchmark_floor_is_routed_only_when_benchmarking(worker_client, settings):
    settings.BENCH = False
    settings.ROOT_URLCONF = _reloaded_urls()
    assert worker_client.get("/bench/floor/").status_code == 404
    settings.BENCH = True
    settings.ROOT_URLCONF = _reloaded_urls()
    try:
        assert worker_client.get("/bench/floor/").status_code == 200
    finally:
        settings.BENCH = False
        _reloaded_urls()
