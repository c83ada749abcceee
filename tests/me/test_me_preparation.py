from __future__ import annotations

from django.urls import reverse

from conversations.models import Preparation
from tests.factories import ConversationFactory
from tests.helpers import assert_login_redirect


def _post(client, **data):
    return client.post(reverse("me:preparation"), data)


def test_it_saves_my_preparation_note_as_mine(client, person_user, person):
    client.force_login(person_user)
    response = _post(
        client, talk_about="My sleep", matters_most="The allotment", going_well="My knee"
    )
    assert response.status_code == 302
    note = Preparation.objects.get()
    assert (note.person, note.talk_about, note.matters_most, note.going_well) == (
        person,
        "My sleep",
        "The allotment",
        "My knee",
    )
    assert note.history.latest().history_user == person_user


def test_it_updates_the_open_note_rather_than_starting_another(client, person_user):
    client.force_login(person_user)
    _post(client, talk_about="First")
    note = Preparation.objects.get()
    page = client.get(reverse("me:preparation")).content.decode()
    assert "First" in page
    _post(client, talk_about="Second", version=note.version)
    note.refresh_from_db()
    assert Preparation.objects.count() == 1
    assert note.talk_about == "Second"
    assert note.history.count() == 2


def test_it_starts_a_new_note_once_the_last_was_talked_about(
    client, person_user, person, practitioner
):
    old = Preparation.objects.create(person=person, talk_about="Old")
    old.conversation = ConversationFactory(person=person, practitioner=practitioner)
    old.save()
    client.force_login(person_user)
    _post(client, talk_about="New")
    assert Preparation.objects.count() == 2
    old.refresh_from_db()
    assert old.talk_about == "Old"


def test_it_refuses_a_stale_edit_of_the_note(client, person_user):
    client.force_login(person_user)
    _post(client, talk_about="First")
    note = Preparation.objects.get()
    _post(client, talk_about="From another window", version=note.version)
    response = _post(client, talk_about="From this window", version=note.version)
    assert response.status_code == 200
    assert "Not saved" in response.content.decode()
    note.refresh_from_db()
    assert note.talk_about == "From another window"
    # The form now carries the newer version, so saving again goes through.
    assert response.context["form"].data["version"] == note.version
    _post(client, talk_about="From this window", version=note.version)
    note.refresh_from_db()
    assert note.talk_about == "From this window"


def test_it_refuses_an_empty_note(client, person_user):
    client.force_login(person_user)
    response = _post(client, talk_about=" ", matters_most="", going_well="")
    assert response.status_code == 200
    assert "at least one of the boxes" in response.content.decode()
    assert not Preparation.objects.exists()


def test_it_refuses_an_enormous_note_keeping_the_rest(client, person_user):
    client.force_login(person_user)
    response = _post(client, talk_about="x" * 20_000, going_well="Kept")
    assert response.status_code == 200
    assert "longer than 5,000 characters" in response.content.decode()
    assert "Kept" in response.content.decode()
    assert not Preparation.objects.exists()


def test_it_ignores_another_person_in_a_crafted_post(client, person_user, person, other_person):
    client.force_login(person_user)
    _post(client, talk_about="Mine", person=str(other_person.pk))
    assert Preparation.objects.get().person == person
    assert not other_person.preparations.exists()


def test_it_is_404_for_staff(client, practitioner):
    client.force_login(practitioner)
    assert client.get(reverse("me:preparation")).status_code == 404


def test_it_sends_anonymous_to_login(client, db):
    assert_login_redirect(client.get(reverse("me:preparation")))
