"""The CHI number: 10 digits, a real date of birth first, and a modulus-11 check digit."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from pphw.people.validators import (
    chi_birth_date,
    chi_check_digit,
    make_chi_number,
    validate_chi_number,
)

VALID = "2703610009"  # born 27 March 1961


def _code(value: str) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_chi_number(value)
    return caught.value.error_list[0].code


def test_it_computes_the_modulus_11_check_digit_by_hand():
    digits = "270361000"
    total = sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True))
    assert total == 2 * 10 + 7 * 9 + 0 * 8 + 3 * 7 + 6 * 6 + 1 * 5
    assert chi_check_digit(digits) == (11 - total % 11) % 11 == 9


@pytest.mark.parametrize("value", [VALID, "2703610017", "2802010050", "", "  "])
def test_it_accepts_valid_or_blank_chi_numbers(value):
    validate_chi_number(value)


def test_it_accepts_every_number_it_makes_for_many_dates():
    for day in range(1, 366, 7):
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=day * 37)
        validate_chi_number(make_chi_number(born, day))


@pytest.mark.parametrize("last", [d for d in "0123456789" if d != "9"])
def test_it_refuses_a_wrong_check_digit(last):
    assert _code(VALID[:9] + last) == "chi_check_digit"


def test_it_refuses_nine_digits_that_can_have_no_check_digit():
    prefix = next(
        f"270361{n:03d}" for n in range(1000) if chi_check_digit(f"270361{n:03d}") is None
    )
    for last in "0123456789":
        assert _code(prefix + last) == "chi_check_digit"


@pytest.mark.parametrize(
    "value",
    [
        "3202610001",  # 32nd day
        "0013610009",  # month 13
        "0000000000",
        "3104610000",  # 31 April
        "2902010000",  # 29 February in a year that is not a leap year in either century
    ],
)
def test_it_refuses_a_date_that_does_not_exist(value):
    assert _code(value) == "chi_date"


def test_it_names_the_impossible_date_in_its_message():
    with pytest.raises(ValidationError) as caught:
        validate_chi_number("3202610001")
    assert "320261 is not a real date" in caught.value.messages[0]


def test_it_reads_29_february_in_the_century_where_it_exists():
    # 1900 was not a leap year, 2000 was.
    assert chi_birth_date("2902000000") == datetime.date(2000, 2, 29)
    assert _code("2902000000") != "chi_date"


@pytest.mark.parametrize("value", ["270361000", "27036100091", "2", "27036100090000"])
def test_it_refuses_the_wrong_length(value):
    assert _code(value) == "chi_format"


@pytest.mark.parametrize(
    "value", ["27036l0009", "ABCDEFGHIJ", "270361000X", "２７０３６１０００９"]
)
def test_it_refuses_letters_and_non_ascii_digits(value):
    assert _code(value) == "chi_format"


@pytest.mark.parametrize("value", ["270361 0009", "270 361 0009", "27036 0009"])
def test_it_refuses_spaces_inside_the_number(value):
    assert _code(value) == "chi_format"


def test_it_explains_the_format_in_plain_words():
    with pytest.raises(ValidationError) as caught:
        validate_chi_number("12345")
    assert caught.value.messages == [
        "A CHI number is exactly 10 digits, with no letters or spaces."
    ]
