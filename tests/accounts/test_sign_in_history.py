"""Recent sign-ins on the account page (when, from where, which factor); ending other sessions."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from pphw.accounts.models import SignIn, browser_summary
from tests.factories import PASSWORD
from tests.people.conftest import assert_sent_to_login

ACCOUNT = reverse("accounts:account")
END = reverse("accounts:end_sessions")
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"


def _sign_in(user, address="192.0.2.10", agent=FIREFOX) -> Client:
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_it_shows_my_recent_sign_ins_when_where_and_how(person_user):
    _sign_in(person_user, address="198.51.100.4")
    client = _sign_in(person_user, address="192.0.2.10")
    page = client.get(ACCOUNT).content.decode()
    assert "Recent sign-ins" in page
    assert "198.51.100.4" in page and "192.0.2.10" in page
    assert "Firefox on Windows" in page
    assert "<td>Password</td>" in page
    assert "<strong>This session</strong>" in page
    assert "Still signed in" in page


def test_it_records_the_second_factor_given(client, practitioner, app_for):
    app = app_for(practitioner)
    client.post(reverse("login"), {"username": "prac", "password": PASSWORD})
    assert SignIn.objects.get().factor == SignIn.Factor.PENDING
    client.post(reverse("accounts:verify"), {"code": app.code()})
    sign_in = SignIn.objects.get()
    assert sign_in.factor == SignIn.Factor.APP
    # The session was given a new key once the code was given, and the history follows it.
    assert sign_in.session_key == client.session.session_key
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "prac", "password": PASSWORD})
    client.post(reverse("accounts:verify"), {"code": app.recovery_codes[0]})
    assert SignIn.objects.first().factor == SignIn.Factor.RECOVERY_CODE
    page = client.get(ACCOUNT).content.decode()
    assert "Password and a recovery code" in page
    assert "Password and authenticator app" in page


def test_it_ends_my_other_sessions_and_keeps_this_one(person_user, practitioner):
    elsewhere = _sign_in(person_user, address="198.51.100.4")
    colleague = _sign_in(practitioner)
    here = _sign_in(person_user)
    assert "Sign out everywhere else" in here.get(ACCOUNT).content.decode()
    response = here.post(END)
    assert response.status_code == 302
    page = here.get(response.url).content.decode()
    assert "Signed out everywhere else: 1 other session ended." in page
    assert "You are not signed in anywhere else." in page
    assert_sent_to_login(elsewhere.get(reverse("me:home")), reverse("me:home"))
    assert here.get(reverse("me:home")).status_code == 200
    assert colleague.get(reverse("people:list")).status_code == 200  # someone else's stays
    ended = SignIn.objects.get(user=person_user, ip_address="198.51.100.4")
    assert ended.ended_at is not None


def test_it_follows_the_session_when_the_password_changes(person_user):
    client = _sign_in(person_user)
    before = client.session.session_key
    client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "kettle garden blue river",
            "new_password2": "kettle garden blue river",
        },
    )
    after = client.session.session_key
    assert after != before
    assert SignIn.objects.get().session_key == after
    assert "<strong>This session</strong>" in client.get(ACCOUNT).content.decode()


def test_signing_out_marks_the_sign_in_ended(person_user):
    client = _sign_in(person_user)
    client.post(reverse("logout"))
    assert SignIn.objects.get().ended_at is not None


def test_an_administrators_reset_signs_the_user_out_everywhere(client, practitioner, app_for):
    from tests.factories import UserFactory

    app = app_for(practitioner)
    phone = Client()
    phone.post(reverse("login"), {"username": "prac", "password": PASSWORD})
    phone.post(reverse("accounts:verify"), {"code": app.code()})
    assert SESSION_KEY in phone.session
    admin = UserFactory(username="boss", is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.post(reverse("accounts:reset", args=[practitioner.pk]), {"reason": "Stolen phone"})
    assert not Session.objects.filter(session_key=phone.session.session_key).exists()
    assert_sent_to_login(phone.get(reverse("people:list")), reverse("people:list"))


def test_it_ends_sessions_only_by_post(client, person_user):
    client.force_login(person_user)
    assert client.get(END).status_code == 405


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    assert_sent_to_login(client.post(END), END)


def test_it_names_browsers_plainly():
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1"
    )
    assert browser_summary(iphone) == "Safari on iPhone"
    assert browser_summary("") == "Unknown browser"
    edge = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 Edg/126.0"
    assert browser_summary(edge) == "Edge on Windows"
