"""Validation of the Community Health Index (CHI) number used in Scotland."""

import datetime

from django.core.exceptions import ValidationError

CHI_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def chi_check_digit(first_nine: str) -> int | None:
    """The modulus-11 check digit for nine digits, or None where none is valid."""
    total = sum(int(d) * w for d, w in zip(first_nine, CHI_WEIGHTS, strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None  # no valid CHI number has these nine digits
    return check


def chi_birth_date(chi: str) -> datetime.date | None:
    """The date written in the first six digits (DDMMYY), or None if no such date."""
    day, month, yy = int(chi[0:2]), int(chi[2:4]), int(chi[4:6])
    # The century is not held in the number; any real date in either century will do.
    for century in (1900, 2000):
        try:
            return datetime.date(century + yy, month, day)
        except ValueError:
            continue
    return None


def validate_chi_number(value: str) -> None:
    value = (value or "").strip()
    if not value:
        return
    if len(value) != 10 or not value.isascii() or not value.isdigit():
        raise ValidationError(
            "A CHI number is exactly 10 digits, with no letters or spaces.", code="chi_format"
        )
    if chi_birth_date(value) is None:
        raise ValidationError(
            "The first six digits of a CHI number are the date of birth (DDMMYY); "
            "%(prefix)s is not a real date.",
            code="chi_date",
            params={"prefix": value[:6]},
        )
    if chi_check_digit(value[:9]) != int(value[9]):
        raise ValidationError(
            "This CHI number's last digit does not match the others: please check it "
            "for a typing mistake.",
            code="chi_check_digit",
        )


def make_chi_number(birth: datetime.date, serial: int) -> str:
    """A valid CHI number for a date of birth; serial (0-999) varies the middle digits.

    Used by the demo and scale data and the tests; skips serials that have no
    valid check digit.
    """
    prefix = birth.strftime("%d%m%y")
    for offset in range(11):
        middle = f"{(serial + offset) % 1000:03d}"
        check = chi_check_digit(prefix + middle)
        if check is not None:
            return f"{prefix}{middle}{check}"
    raise ValueError("no valid CHI number near this serial")  # pragma: no cover
