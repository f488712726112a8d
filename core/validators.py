"""Validators for Italian identifiers: codice fiscale (people and bodies) and partita IVA."""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Omocodia: when two people would get the same code, the Agenzia delle Entrate replaces digits,
# from the right, with these letters. A valid code may therefore hold letters where digits belong.
OMOCODE_LETTERS = "LMNPQRSTUV"
_D = f"[0-9{OMOCODE_LETTERS}]"
PERSON_CODE_RE = re.compile(rf"^[A-Z]{{6}}{_D}{{2}}[ABCDEHLMPRST]{_D}{{2}}[A-Z]{_D}{{3}}[A-Z]$")
NUMERIC_CODE_RE = re.compile(r"^[0-9]{11}$")

# The month letters, January to December.
MONTH_LETTERS = "ABCDEHLMPRST"

# Values of characters in odd positions (1st, 3rd, ...) for the check character (DM 23/12/1976).
_ODD_VALUES = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]
        + [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23],
        strict=True,
    )
)


def _even_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A")


def normalise_code(value: str) -> str:
    """Upper-case and drop the spaces people type or paste inside codes."""
    return re.sub(r"\s+", "", value or "").upper()


def person_code_check_character(code: str) -> str:
    total = sum(_ODD_VALUES[c] if i % 2 == 0 else _even_value(c) for i, c in enumerate(code[:15]))
    return chr(ord("A") + total % 26)


def _digits(chars: str) -> int:
    """The number written in a code's digit positions, omocodia letters read back as digits."""
    return int("".join(str(OMOCODE_LETTERS.index(c)) if c in OMOCODE_LETTERS else c for c in chars))


def is_valid_person_code(code: str) -> bool:
    """True for a well-formed 16-character codice fiscale whose check character matches."""
    if not PERSON_CODE_RE.match(code):
        return False
    day = _digits(code[9:11])
    if not (1 <= day <= 31 or 41 <= day <= 71):
        return False
    return person_code_check_character(code) == code[15]


@dataclass(frozen=True)
class BirthInCode:
    """What a person's codice fiscale says of their birth: the year only by its last two digits."""

    year_in_century: int
    month: int
    day: int
    sex: str  # "F" or "M", as cases.choices.Sex

    def matches(self, birth_date: date | None, sex: str | None) -> bool:
        """True unless the birth date or a stated sex (F or M) contradicts the code."""
        if birth_date is not None and (birth_date.year % 100, birth_date.month, birth_date.day) != (
            self.year_in_century,
            self.month,
            self.day,
        ):
            return False
        return sex not in ("F", "M") or sex == self.sex


def decode_person_code(code: str) -> BirthInCode | None:
    """The birth date and sex a valid codice fiscale encodes (omocodia handled), or None for an invalid code.

    Women's day of birth is written plus 40 (DM 23/12/1976), so 41 is the first of the month for a woman.
    """
    if not is_valid_person_code(code):
        return None
    day = _digits(code[9:11])
    return BirthInCode(
        year_in_century=_digits(code[6:8]),
        month=MONTH_LETTERS.index(code[8]) + 1,
        day=day - 40 if day > 40 else day,
        sex="F" if day > 40 else "M",
    )


def check_code_matches_birth(code: str | None, birth_date: date | None, sex: str | None) -> None:
    """Refuse a codice fiscale that contradicts the birth date or the sex entered beside it."""
    decoded = decode_person_code(code or "")
    if decoded is None or decoded.matches(birth_date, sex):
        return
    said = _("a woman") if decoded.sex == "F" else _("a man")
    raise ValidationError(
        _(
            "This codice fiscale belongs to %(who)s born on %(day)02d/%(month)02d/..%(year)02d: it does not match "
            "the birth date or the sex entered. Check them, or the code."
        ),
        code="fiscal_code_mismatch",
        params={
            "who": said,
            "day": decoded.day,
            "month": decoded.month,
            "year": decoded.year_in_century,
        },
    )


def is_valid_numeric_code(code: str) -> bool:
    """True for an 11-digit partita IVA / codice fiscale of a body whose check digit matches."""
    if not NUMERIC_CODE_RE.match(code):
        return False
    total = 0
    for i, char in enumerate(code[:10]):
        digit = int(char)
        if i % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10 == int(code[10])


def validate_person_fiscal_code(value: str) -> None:
    if not is_valid_person_code(value):
        raise ValidationError(
            _("“%(value)s” is not a valid codice fiscale: check its 16 characters."),
            code="invalid_fiscal_code",
            params={"value": value},
        )


def validate_body_fiscal_code(value: str) -> None:
    """Bodies have an 11-digit code; sole traders and informal groups may use a person's code."""
    if not (is_valid_numeric_code(value) or is_valid_person_code(value)):
        raise ValidationError(
            _(
                "“%(value)s” is not a valid codice fiscale: expected 11 digits or 16 characters with a correct check character."
            ),
            code="invalid_fiscal_code",
            params={"value": value},
        )


def validate_vat_number(value: str) -> None:
    if not is_valid_numeric_code(value):
        raise ValidationError(
            _("“%(value)s” is not a valid partita IVA: expected 11 digits with a correct check digit."),
            code="invalid_vat_number",
            params={"value": value},
        )


def check_end_after_start(start, end, field: str = "end_date") -> None:
    """The form-level twin of the models' end-after-start constraints, said next to the end field."""
    if start and end and end < start:
        raise ValidationError(
            {field: ValidationError(_("The end date cannot be before the start date."), code="end_before_start")}
        )
