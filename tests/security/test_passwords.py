import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PASSWORD


def test_it_hashes_passwords_with_argon2(settings):
    import pphw.settings as project

    # The test suite may swap in a fast hasher; check the project's own choice.
    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS
    assert make_password("a-long-enough-passphrase").startswith("argon2")


@pytest.mark.parametrize("password", ["short", "elevenchars", "Tr0ub4dor&3"])
def test_it_refuses_passwords_shorter_than_twelve_characters(practitioner, password):
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password(password, practitioner)


def test_it_accepts_a_twelve_character_passphrase(practitioner):
    validate_password("plum-kettle-9", practitioner)


def test_it_refuses_a_short_new_password_on_the_change_page(client, practitioner):
    client.force_login(practitioner)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Sh0rt&sw33t", "new_password2": "Sh0rt&sw33t"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    practitioner.refresh_from_db()
    assert practitioner.check_password(PASSWORD)
