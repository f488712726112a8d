import pytest
from django.core.exceptions import ValidationError

from core.validators import (
    is_valid_numeric_code,
    is_valid_person_code,
    normalise_code,
    validate_body_fiscal_code,
    validate_person_fiscal_code,
    validate_vat_number,
)


@pytest.mark.parametrize(
    "code",
    [
        "RSSMRA80C55F205T",  # woman born 15/03/1980 in Milano
        "RSSMRA80C55F20RO",  # the same with omocodia in the last digit of the place
        "BNCGPP75A01H501H",
    ],
)
def test_valid_person_codes_pass(code):
    assert is_valid_person_code(code)
    validate_person_fiscal_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "RSSMRA80C55F205X",  # wrong check character
        "AAAAAAAAAAAAAAAI",  # right check character, impossible structure
        "RSSMRA80Z55F205T",  # no month Z
        "RSSMRA80C35F205T",  # day 35 exists for nobody
        "RSSMRA80C55F205",  # 15 characters
        "",
    ],
)
def test_invalid_person_codes_fail(code):
    assert not is_valid_person_code(code)
    with pytest.raises(ValidationError) as excinfo:
        validate_person_fiscal_code(code)
    assert excinfo.value.code == "invalid_fiscal_code"


@pytest.mark.parametrize("code", ["00488410010", "80012000826", "97010000004"])
def test_valid_numeric_codes_pass(code):
    assert is_valid_numeric_code(code)
    validate_vat_number(code)
    validate_body_fiscal_code(code)


@pytest.mark.parametrize("code", ["00488410011", "0048841001", "0048841001A", "12345678901"])
def test_invalid_numeric_codes_fail(code):
    assert not is_valid_numeric_code(code)
    with pytest.raises(ValidationError):
        validate_vat_number(code)


def test_bodies_may_use_a_person_code():
    validate_body_fiscal_code("RSSMRA80C55F205T")


def test_normalise_code_strips_spaces_and_upper_cases():
    assert normalise_code(" rssmra 80c55 f205t ") == "RSSMRA80C55F205T"
