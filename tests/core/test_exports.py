import pytest
from django.urls import reverse

from core.exports import neutralise
from tests.factories import CaseFactory, CommunityActionFactory, OpportunityFactory, OrganisationFactory


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+39 333", "'+39 333"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        # Spreadsheets skip leading blanks before looking for the formula sign.
        ("  =1+1", "'  =1+1"),
        ("\t=1+1", "'\t=1+1"),
        (" \n@SUM(A1)", "' \n@SUM(A1)"),
        ("\u3000+39", "'\u3000+39"),
        # Fullwidth signs, as typed with East Asian input methods, are read as the plain ones.
        ('\uff1dHYPERLINK("http://x")', '\'\uff1dHYPERLINK("http://x")'),
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20SUM(A1)", "'\uff20SUM(A1)"),
        ("  ＝cmd", "'  ＝cmd"),
        # Signs inside the text are harmless.
        ("Via Roma 1 = sede", "Via Roma 1 = sede"),
        ("  Auser Rho", "  Auser Rho"),
        ("", ""),
        ("Auser Rho", "Auser Rho"),
        (None, ""),
        (12, "12"),
    ],
)
def test_cells_that_spreadsheets_would_run_are_neutralised(value, expected):
    assert neutralise(value) == expected


def csv_text(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_organisation_list_exports_what_it_shows(worker_client):
    OrganisationFactory(name="=cmd|' /C calc'!A0", kind="odv")
    OrganisationFactory(name="APS Rho", kind="aps")
    response = worker_client.get(reverse("territory:organisation_list"), {"format": "csv", "kind": "odv"})
    lines = csv_text(response).splitlines()
    assert response["Content-Disposition"].startswith('attachment; filename="organizzazioni-')
    assert lines[0].startswith("Nome;Tipo")
    assert len(lines) == 2
    assert lines[1].startswith("'=cmd")


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("territory:opportunity_list", lambda worker: OpportunityFactory()),
        ("community:action_log", lambda worker: CommunityActionFactory()),
        ("cases:case_list", lambda worker: CaseFactory(person__team=worker.team, responsible=worker)),
    ],
)
def test_every_list_exports_csv(worker_client, worker, url, make, django_assert_max_num_queries):
    for _ in range(3):
        make(worker)
    with django_assert_max_num_queries(12):
        response = worker_client.get(reverse(url), {"format": "csv"})
        lines = csv_text(response).splitlines()
    assert len(lines) == 4


def test_a_case_export_holds_only_the_teams_cases(worker_client, worker, other_team_worker):
    CaseFactory(person__team=other_team_worker.team, responsible=other_team_worker, person__last_name="Altrui")
    response = worker_client.get(reverse("cases:case_list"), {"format": "csv", "mine": "false"})
    assert "Altrui" not in csv_text(response)
