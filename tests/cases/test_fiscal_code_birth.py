"""The codice fiscale encodes the birth date and sex: a person's record must agree with it (issue 14)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from cases.models import Person
from core.validators import check_code_matches_birth, decode_person_code
from tests.factories import PersonFactory
from tests.helpers import error_codes

# Maria Verdi, a woman born on 1 January 1980 in Milan; then the same code after omocodia (digits
# replaced by letters from the right, the check character computed again).
CODE = "VRDMRA80A41F205X"
OMOCODES = ["VRDMRA80A41F20RS", "VRDMRA80A4MF2LRV", "VRDMRAU0A41F205U"]
CREATE_URL = reverse("cases:person_create")
DATA = {"last_name": "Verdi", "first_name": "Maria", "fiscal_code": CODE, "birth_date": "1980-01-01", "sex": "F"}


@pytest.mark.parametrize("code", [CODE, *OMOCODES])
def test_the_code_gives_back_the_birth_date_and_sex(code):
    decoded = decode_person_code(code)
    assert (decoded.year_in_century, decoded.month, decoded.day, decoded.sex) == (80, 1, 1, "F")


def test_a_man_s_day_is_written_as_is():
    decoded = decode_person_code("BNCGPP75A01H501H")
    assert (decoded.year_in_century, decoded.month, decoded.day, decoded.sex) == (75, 1, 1, "M")


@pytest.mark.parametrize(
    ("born", "sex"),
    [(date(1980, 12, 3), "F"), (date(1980, 1, 1), "M"), (date(1981, 1, 1), "F"), (date(1980, 1, 2), "X")],
)
def test_a_birth_date_or_sex_that_contradicts_the_code_is_refused(born, sex):
    with pytest.raises(ValidationError) as excinfo:
        check_code_matches_birth(CODE, born, sex)
    assert excinfo.value.code == "fiscal_code_mismatch"


@pytest.mark.parametrize(
    ("code", "born", "sex"),
    [(CODE, date(1980, 1, 1), "F"), (CODE, date(1980, 1, 1), "X"), (CODE, None, "F"), (CODE, None, "X"),
     (CODE, date(1880, 1, 1), "F"), (None, date(1980, 12, 3), "M"), ("not a code", date(1980, 12, 3), "M")]
    + [(code, date(1980, 1, 1), "F") for code in OMOCODES],
)  # fmt: skip
def test_what_agrees_with_the_code_or_cannot_be_checked_passes(code, born, sex):
    check_code_matches_birth(code, born, sex)


def test_the_record_that_was_saved_wrongly_is_now_refused(worker_client):
    """VRDMRA80A41F205X with birth date 03/12/1980 was saved before issue 14."""
    response = worker_client.post(CREATE_URL, {**DATA, "birth_date": "1980-12-03"})
    assert response.status_code == 200
    assert error_codes(response) == {"fiscal_code": ["fiscal_code_mismatch"]}
    with translation.override("it"):
        message = str(response.context["form"].errors["fiscal_code"][0])
    assert "01/01/..80" in message
    assert escape(message) in response.content.decode()
    assert not Person.objects.exists()


def test_a_wrong_sex_is_refused(worker_client):
    response = worker_client.post(CREATE_URL, {**DATA, "sex": "M"})
    assert error_codes(response) == {"fiscal_code": ["fiscal_code_mismatch"]}
    assert not Person.objects.exists()


@pytest.mark.parametrize("code", [CODE, *OMOCODES])
def test_the_right_date_and_sex_are_accepted_omocodes_included(worker_client, code):
    response = worker_client.post(CREATE_URL, {**DATA, "fiscal_code": code})
    assert response.status_code == 302
    assert Person.objects.get().fiscal_code == code


def test_an_edit_that_contradicts_the_code_is_refused(worker_client, worker):
    person = PersonFactory(team=worker.team, fiscal_code=CODE, birth_date=date(1980, 1, 1), sex="F")
    response = worker_client.post(
        reverse("cases:person_update", args=[person.pk]),
        {**DATA, "birth_date": "1980-12-03", "edited_version": person.version},
    )
    assert error_codes(response) == {"fiscal_code": ["fiscal_code_mismatch"]}
    person.refresh_from_db()
    assert person.birth_date == date(1980, 1, 1)


def test_the_service_path_checks_it_too(worker):
    from cases.services import register_person_and_open_case

    with pytest.raises(ValidationError) as excinfo:
        register_person_and_open_case(
            person={"first_name": "Maria", "last_name": "Verdi", "fiscal_code": CODE, "birth_date": date(1980, 12, 3)},
            case={"responsible": worker},
            needs={},
            team=worker.team,
            actor=worker,
        )
    assert excinfo.value.message_dict["fiscal_code"]
    assert not Person.objects.exists()
