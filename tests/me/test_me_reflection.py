from __future__ import annotations

from django.urls import reverse

from outcomes.models import Reflection
from tests.helpers import assert_login_redirect


def test_it_saves_my_reflection_as_mine(client, person_user, outcome):
    client.force_login(person_user)
    response = client.post(
        reverse("me:reflection_add", args=[outcome.pk]),
        {"text": "Got there on Sunday!", "rating": "7"},
    )
    assert response.status_code == 302
    reflection = Reflection.objects.get()
    assert (reflection.outcome, reflection.author, reflection.rating) == (outcome, person_user, 7)
    assert reflection.history.latest().history_user == person_user


def test_the_rating_is_optional(client, person_user, outcome):
    client.force_login(person_user)
    client.post(reverse("me:reflection_add", args=[outcome.pk]), {"text": "Hard week"})
    assert Reflection.objects.get().rating is None


def test_it_refuses_an_empty_reflection(client, person_user, outcome):
    client.force_login(person_user)
    response = client.post(
        reverse("me:reflection_add", args=[outcome.pk]), {"text": "   ", "rating": "5"}
    )
    assert response.status_code == 200
    assert "Write a few words about how it is going." in response.content.decode()
    assert not Reflection.objects.exists()


def test_it_refuses_an_enormous_reflection_and_keeps_the_rating(client, person_user, outcome):
    client.force_login(person_user)
    response = client.post(
        reverse("me:reflection_add", args=[outcome.pk]), {"text": "a" * 100_000, "rating": "4"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "longer than 5,000 characters" in page
    assert 'value="4"' in page
    assert not Reflection.objects.exists()


def test_it_refuses_a_rating_out_of_range(client, person_user, outcome):
    client.force_login(person_user)
    for bad in ("11", "-1", "abc"):
        response = client.post(
            reverse("me:reflection_add", args=[outcome.pk]), {"text": "Fine", "rating": bad}
        )
        assert response.status_code == 200
        assert "0 to 10" in response.content.decode()
    assert not Reflection.objects.exists()


def test_it_escapes_script_in_a_reflection(client, person_user, outcome):
    client.force_login(person_user)
    client.post(
        reverse("me:reflection_add", args=[outcome.pk]), {"text": "<script>alert(1)</script>"}
    )
    page = client.get(reverse("me:outcome", args=[outcome.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_it_is_404_for_another_persons_outcome(client, person_user, other_outcome):
    client.force_login(person_user)
    response = client.post(
        reverse("me:reflection_add", args=[other_outcome.pk]), {"text": "Sneaky"}
    )
    assert response.status_code == 404
    assert not Reflection.objects.exists()


def test_it_is_404_for_staff(client, practitioner, outcome):
    client.force_login(practitioner)
    assert client.get(reverse("me:reflection_add", args=[outcome.pk])).status_code == 404


def test_it_sends_anonymous_to_login(client, outcome):
    assert_login_redirect(client.get(reverse("me:reflection_add", args=[outcome.pk])))
