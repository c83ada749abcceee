import pytest
from django.urls import reverse

from outcomes.models import Step
from tests.helpers import OUTSIDERS, assert_login_redirect


def url(step):
    return reverse("outcomes:step_move", args=[step.pk])


def order_of(outcome):
    return list(outcome.steps.current().order_by("order", "id").values_list("pk", flat=True))


@pytest.mark.parametrize("who", ["practitioner", "lead"])
def test_it_moves_a_step_up_and_down(client, request, who, outcome, steps):
    client.force_login(request.getfixturevalue(who))
    a, b, c = (s.pk for s in steps)
    client.post(url(steps[0]), {"version": 1, "direction": "down"})
    assert order_of(outcome) == [b, a, c]
    client.post(url(steps[2]), {"version": 1, "direction": "up"})
    assert order_of(outcome) == [b, c, a]


def test_it_shows_move_buttons_only_where_a_move_is_possible(client, practitioner, outcome, steps):
    client.force_login(practitioner)
    page = client.get(reverse("outcomes:detail", args=[outcome.pk])).content.decode()
    assert page.count('value="up"') == 2
    assert page.count('value="down"') == 2


def test_it_refuses_a_stale_move(client, practitioner, outcome, steps):
    client.force_login(practitioner)
    client.post(url(steps[1]), {"version": 1, "direction": "up"})
    before = order_of(outcome)
    response = client.post(url(steps[1]), {"version": 1, "direction": "down"}, follow=True)
    assert "Not saved" in response.content.decode()
    assert order_of(outcome) == before


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_answers_404_to_anyone_outside_the_team(client, request, who, outcome, steps):
    before = order_of(outcome)
    client.force_login(request.getfixturevalue(who))
    assert client.post(url(steps[0]), {"version": 1, "direction": "down"}).status_code == 404
    assert order_of(outcome) == before


def test_it_sends_anonymous_users_to_login(client, outcome, steps):
    assert_login_redirect(client.post(url(steps[0]), {"version": 1, "direction": "down"}))
    assert Step.objects.get(pk=steps[0].pk).version == 1
