from __future__ import annotations

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from pphw.me.invitations import person_invite
from pphw.people.services import end_sessions
from tests.factories import PASSWORD
from tests.helpers import assert_login_redirect


def _revoke(client, person, reason="Moved to another area"):
    return client.post(reverse("people:revoke_access", args=[person.pk]), {"reason": reason})


def test_it_ends_my_sessions_and_stops_me_signing_in(
    client, practitioner, person, person_user, other_person_user
):
    mine_1, mine_2, someone_else = Client(), Client(), Client()
    assert mine_1.login(username="isla", password=PASSWORD)
    assert mine_2.login(username="isla", password=PASSWORD)
    assert someone_else.login(username="fatima", password=PASSWORD)
    assert mine_1.get(reverse("me:home")).status_code == 200
    client.force_login(practitioner)
    response = _revoke(client, person)
    assert response.status_code == 302
    assert_login_redirect(mine_1.get(reverse("me:home")))
    assert_login_redirect(mine_2.get(reverse("me:home")))
    assert someone_else.get(reverse("me:home")).status_code == 200
    remaining = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(person_user.pk) not in remaining
    assert not Client().login(username="isla", password=PASSWORD)
    page = Client().post(reverse("login"), {"username": "isla", "password": PASSWORD})
    assert page.status_code == 200 and "There is a problem" in page.content.decode()


def test_it_keeps_the_login_inactive_and_unlinked_with_the_reason_in_history(
    client, practitioner, person, person_user
):
    client.force_login(practitioner)
    _revoke(client, person)
    person.refresh_from_db()
    person_user.refresh_from_db()
    assert person.user is None
    assert not person_user.is_active
    assert not person_user.has_usable_password()
    latest = person.history.latest()
    assert latest.history_user == practitioner
    assert latest.history_change_reason == (
        "Access to their own record revoked: Moved to another area"
    )
    assert latest.prev_record.user_id == person_user.pk
    assert person_user.history.latest().history_change_reason == latest.history_change_reason


def test_it_needs_a_reason(client, practitioner, person, person_user):
    client.force_login(practitioner)
    response = _revoke(client, person, reason="  ")
    assert response.status_code == 200
    assert "Give a reason" in response.content.decode()
    person.refresh_from_db()
    assert person.user == person_user


def test_inviting_again_reuses_the_old_login(client, practitioner, person, person_user):
    client.force_login(practitioner)
    _revoke(client, person)
    invitation = person_invite(person=person, by=practitioner, username="ignored")
    assert invitation.user.pk == person_user.pk
    person.refresh_from_db()
    person_user.refresh_from_db()
    assert person.user == person_user and person_user.is_active
    assert person.history.latest().history_change_reason == "Invited again to see their own record"


def test_an_outstanding_invitation_link_dies_with_revocation(client, practitioner, person):
    invitation = person_invite(person=person, by=practitioner, username="isla.munro")
    client.force_login(practitioner)
    _revoke(client, person)
    page = Client().get(invitation.path, follow=True).content.decode()
    assert "This link does not work" in page


def test_end_sessions_touches_only_that_user(db, person_user, other_person_user):
    mine, theirs = Client(), Client()
    mine.force_login(person_user)
    theirs.force_login(other_person_user)
    assert end_sessions(person_user) == 1
    assert Session.objects.count() == 1


def test_the_person_page_offers_revocation(client, practitioner, person, person_user):
    client.force_login(practitioner)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert reverse("people:revoke_access", args=[person.pk]) in page
    assert "Yes (isla)" in page


def test_it_is_404_for_another_team(client, stranger, person, person_user):
    client.force_login(stranger)
    assert _revoke(client, person).status_code == 404
    person_user.refresh_from_db()
    assert person_user.is_active


def test_it_is_404_for_a_person(client, person_user, other_person, other_person_user):
    client.force_login(person_user)
    assert _revoke(client, other_person).status_code == 404
    other_person_user.refresh_from_db()
    assert other_person_user.is_active


def test_it_sends_anonymous_to_login(client, person):
    assert_login_redirect(client.get(reverse("people:revoke_access", args=[person.pk])))
