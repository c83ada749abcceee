"""Accepting a delegate's invitation with the login one already has.

The invitation link (``me:set_password``) of a delegate's invitation, opened by
someone already signed in, offers to add the access to their own login: a POST
to the same address with ``accept``. It is refused, with the reason and no
change, for staff, for the person themselves, for a login that already has the
access, and when the link or the access no longer works.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse

from pphw.audit.models import RecordAccess
from pphw.me.invitations import delegate_invite
from pphw.people.models import Delegation, User
from pphw.people.services import AcceptRefused, delegation_accept, delegation_end
from tests.factories import DelegationFactory, MembershipFactory, PersonFactory, UserFactory
from tests.me.conftest import main_text

BANNER = "You are looking at Isla's plan as her friend"
BUTTON = "Add this access to the login you are signed in with"
GOOD_PASSWORD = "kettle garden blue river"
# Measured: the same with no other plan and with six (sessions, throttle, roles, history).
OFFER_QUERIES = 19
ACCEPT_QUERIES = 27


@pytest.fixture
def invitation(person, person_user):
    """Isla invites "Fatima K" to see and help with her plan, with an on-screen link."""
    return delegate_invite(
        person=person,
        by=person_user,
        given_name="Fatima",
        family_name="K",
        relationship="her friend",
        scope="help",
    )


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _open(client, invitation) -> str:
    """Open the link: Django moves the token out of the address, then shows the page."""
    response = client.get(invitation[1].path)
    assert response.status_code == 302
    return response.url


def _accept(client, invitation):
    form_url = _open(client, invitation)
    return client.post(form_url, {"accept": "1"})


def _rows():
    """Everything an accept could change: every access, every login, and their history."""
    return (
        list(Delegation.objects.order_by("pk").values_list("pk", "delegate_id", "ended_at")),
        list(User.objects.order_by("pk").values_list("pk", "is_active", "password")),
        Delegation.history.count(),
        User.history.count(),
    )


def test_a_supported_person_accepts_and_moves_between_both_plans(
    invitation, person, other_person, other_person_user
):
    delegation, link = invitation
    placeholder = link.user
    fatima = _client(other_person_user)
    page = fatima.get(_open(fatima, invitation))
    assert page.status_code == 200
    text = main_text(page)
    assert f"{BUTTON} (fatima)" in text
    assert "Isla's plan, as her friend: see and help with my plan" in text

    response = fatima.post(page.wsgi_request.path, {"accept": "1"})
    assert response.status_code == 302 and response.url == reverse("me:home")
    delegation.refresh_from_db()
    placeholder.refresh_from_db()
    assert delegation.delegate == other_person_user
    assert not placeholder.is_active and not placeholder.has_usable_password()
    assert User.objects.filter(pk=placeholder.pk).exists()  # kept, never deleted

    # Straight into Isla's plan, and back and forth without signing out.
    home = fatima.get(reverse("me:home"))
    assert BANNER in main_text(home)
    assert "Your own plan" in main_text(home)
    assert fatima.post(reverse("me:act_for", args=[other_person.pk])).status_code == 302
    own = main_text(fatima.get(reverse("me:home")))
    assert BANNER not in own and "Isla's plan, as her friend" in own
    assert fatima.post(reverse("me:act_for", args=[person.pk])).status_code == 302
    assert BANNER in main_text(fatima.get(reverse("me:home")))


def test_a_delegate_of_someone_else_accepts_and_chooses_between_both_plans(
    invitation, person, kirsty
):
    morag = PersonFactory(given_name="Morag", family_name="Bell")
    DelegationFactory(person=morag, delegate=kirsty, relationship="her niece")
    client = _client(kirsty)
    assert _accept(client, invitation).url == reverse("me:home")
    assert Delegation.objects.get(pk=invitation[0].pk).delegate == kirsty
    home = main_text(client.get(reverse("me:home")))
    assert BANNER in home
    assert "Isla's plan, as her friend (showing now)" in home
    assert "Morag's plan, as her niece" in home
    assert client.post(reverse("me:act_for", args=[morag.pk])).status_code == 302
    assert "You are looking at Morag's plan as her niece" in main_text(
        client.get(reverse("me:home"))
    )


def test_the_person_sees_the_login_that_now_holds_the_access(
    invitation, person_user, other_person_user
):
    _accept(_client(other_person_user), invitation)
    page = main_text(_client(person_user).get(reverse("me:delegates")))
    assert "Fatima Khan, her friend" in page
    assert "Fatima K," not in page


def test_the_link_cannot_be_used_again(invitation, other_person_user, kirsty):
    delegation, link = invitation
    fatima = _client(other_person_user)
    form_url = _open(fatima, invitation)
    assert fatima.post(form_url, {"accept": "1"}).status_code == 302
    other = _client(kirsty)
    before = _rows()
    # Not to accept twice, in the same session or another one ...
    again = fatima.post(form_url, {"accept": "1"})
    assert "This link does not work" in main_text(again)
    assert "This link does not work" in main_text(other.get(link.path, follow=True))
    # ... nor to choose a password for the retired login.
    anonymous = _client()
    response = anonymous.get(link.path, follow=True)
    assert "This link does not work" in main_text(response)
    done = anonymous.post(
        form_url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD}
    )
    assert "This link does not work" in main_text(done)
    assert _rows() == before
    assert not anonymous.login(username=link.user.username, password=GOOD_PASSWORD)


def test_history_names_the_accepting_user(invitation, other_person_user):
    delegation, link = invitation
    _accept(_client(other_person_user), invitation)
    moved = delegation.history.first()
    assert moved.history_user == other_person_user
    assert moved.history_change_reason == (
        "Invitation accepted by Fatima Khan with their own login (fatima), "
        f"in place of the invited login {link.user.username}"
    )
    retired = User.history.filter(id=link.user.pk).first()
    assert retired.history_user == other_person_user
    assert not retired.is_active
    assert retired.history_change_reason == (
        "Not used: Fatima Khan (fatima) accepted the invitation to Isla's plan with their own login"
    )


def test_every_look_of_the_accepting_user_is_still_logged(invitation, person, other_person_user):
    fatima = _client(other_person_user)
    _accept(fatima, invitation)
    assert RecordAccess.objects.filter(
        user=other_person_user, person=person, page="act_for"
    ).exists()
    fatima.get(reverse("me:plan"))
    assert RecordAccess.objects.filter(
        user=other_person_user, person=person, page="own_plan"
    ).exists()


def _staff_in_a_team(team):
    user = UserFactory(username="worker", first_name="Ann", last_name="Worker")
    MembershipFactory(user=user, team=team)
    return user


@pytest.mark.parametrize(
    "who,message",
    [
        ("team_member", "You are signed in with a staff login."),
        ("staff_admin", "You are signed in with a staff login."),
        ("the_person", "This is your own plan"),
        ("has_access", "Your login already has access to Isla's plan"),
    ],
)
def test_it_refuses_and_changes_nothing(invitation, person, person_user, other_team, who, message):
    if who == "team_member":
        user = _staff_in_a_team(other_team)
    elif who == "staff_admin":
        user = UserFactory(username="admin2", is_staff=True)
    elif who == "the_person":
        user = person_user
    else:
        user = UserFactory(username="kirsty", first_name="Kirsty", last_name="Campbell")
        DelegationFactory(person=person, delegate=user, given_by=person_user)
    client = _client(user)
    before = _rows()
    form_url = _open(client, invitation)
    page = client.get(form_url)
    assert message in main_text(page)
    assert BUTTON not in main_text(page)  # the reason is shown instead of the button
    response = client.post(form_url, {"accept": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "The access was not added" in html and message in main_text(response)
    assert main_text(response).count(message) == 1  # said once, in the alert
    assert _rows() == before
    with pytest.raises(AcceptRefused, match=message.split(".")[0]):
        delegation_accept(delegation=invitation[0], user=user)
    assert _rows() == before


def test_it_refuses_an_expired_link(invitation, other_person_user, settings, monkeypatch):
    later = datetime.datetime.now() + datetime.timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT + 60
    )
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    client = _client(other_person_user)
    before = _rows()
    page = client.get(invitation[1].path, follow=True)
    assert "This link does not work" in main_text(page) and BUTTON not in main_text(page)
    assert _rows() == before


def test_it_refuses_a_link_already_used_to_choose_a_password(invitation, other_person_user):
    anonymous = _client()
    form_url = _open(anonymous, invitation)
    anonymous.post(form_url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    fatima = _client(other_person_user)
    before = _rows()
    page = fatima.get(invitation[1].path, follow=True)
    assert "This link does not work" in main_text(page)
    with pytest.raises(AcceptRefused, match="already been used"):
        delegation_accept(delegation=invitation[0], user=other_person_user)
    assert _rows() == before


def test_it_refuses_an_access_ended_meanwhile(invitation, person_user, other_person_user):
    fatima = _client(other_person_user)
    form_url = _open(fatima, invitation)
    delegation_end(delegation=invitation[0], by=person_user, reason="Changed my mind")
    before = _rows()
    response = fatima.post(form_url, {"accept": "1"})
    assert "This link does not work" in main_text(response)
    with pytest.raises(AcceptRefused, match="has been ended"):
        delegation_accept(delegation=invitation[0], user=other_person_user)
    assert _rows() == before


def test_anonymous_visitors_see_the_page_as_before(invitation):
    anonymous = _client()
    form_url = _open(anonymous, invitation)
    page = anonymous.get(form_url)
    assert "Choose a password" in main_text(page) and BUTTON not in main_text(page)
    before = _rows()
    response = anonymous.post(form_url, {"accept": "1"})
    assert response.status_code == 200
    assert "Sign in first" in main_text(response)
    assert _rows() == before


def test_a_persons_own_invitation_offers_no_accept(person, practitioner, other_person_user):
    from pphw.me.invitations import person_invite

    link = person_invite(person=person, by=practitioner, username="isla.munro")
    client = _client(other_person_user)
    form_url = client.get(link.path).url
    assert BUTTON not in main_text(client.get(form_url))
    before = _rows()
    response = client.post(form_url, {"accept": "1"})
    assert "There is no access to add with this link" in main_text(response)
    assert _rows() == before


def test_the_inviting_page_says_an_existing_login_can_take_it(client, person_user):
    client.force_login(person_user)
    response = client.post(
        reverse("me:delegate_invite"),
        {
            "given_name": "Kirsty",
            "family_name": "Campbell",
            "relationship": "her friend",
            "scope": "see",
        },
    )
    assert "If they already use pphw, they can open the link while signed in" in main_text(response)


def test_a_legal_authority_link_can_be_accepted_by_a_login_already_in_use(
    person, practitioner, kirsty
):
    delegation, link = delegate_invite(
        person=person,
        by=practitioner,
        given_name="Kirsty",
        family_name="Campbell",
        relationship="her attorney",
        scope="see",
        kind=Delegation.Kind.LEGAL,
        authority=Delegation.Authority.POWER_OF_ATTORNEY,
        reference="OPG 1234/56",
    )
    client = _client(kirsty)
    assert _accept(client, (delegation, link)).url == reverse("me:home")
    delegation.refresh_from_db()
    assert delegation.delegate == kirsty and delegation.is_legal
    assert delegation.authority == Delegation.Authority.POWER_OF_ATTORNEY
    assert "You are looking at Isla's plan as her attorney" in main_text(
        client.get(reverse("me:home"))
    )


@pytest.mark.parametrize("value", ["", "0", "x" * 100_000, "\x00", "<script>alert(1)</script>"])
def test_whatever_the_accept_field_holds_it_only_accepts(invitation, other_person_user, value):
    client = _client(other_person_user)
    response = client.post(_open(client, invitation), {"accept": value, "extra": value})
    assert response.status_code == 302
    assert Delegation.objects.get(pk=invitation[0].pk).delegate == other_person_user


@pytest.mark.parametrize("others", [0, 6])
def test_the_offer_and_the_accept_cost_the_same_however_many_plans_one_has(
    invitation, kirsty, others, django_assert_max_num_queries
):
    for number in range(others):
        DelegationFactory(person=PersonFactory(given_name=f"Ann{number}"), delegate=kirsty)
    client = _client(kirsty)
    form_url = _open(client, invitation)
    with django_assert_max_num_queries(OFFER_QUERIES):
        assert BUTTON in main_text(client.get(form_url))
    with django_assert_max_num_queries(ACCEPT_QUERIES):
        assert client.post(form_url, {"accept": "1"}).status_code == 302
