import pytest
from django.urls import reverse

from outcomes import services
from tests.helpers import OUTSIDERS, assert_login_redirect


def text(response) -> str:
    """The page with runs of white space collapsed, as a reader sees it."""
    return " ".join(response.content.decode().split())


def url(outcome, page=""):
    return reverse("outcomes:history", args=[outcome.pk]) + (f"?page={page}" if page else "")


@pytest.fixture
def story(person, practitioner, lead):
    outcome = services.outcome_create(
        person=person, by=practitioner, statement="Back to the choir", category="seeing_people"
    )
    step = services.step_create(outcome=outcome, by=practitioner, what="Ring Morven about Tuesdays")
    outcome.why_it_matters = "Singing lifts me"
    services.outcome_update(outcome=outcome, by=lead, expected_version=1, reason="Her words")
    services.step_set_status(step=step, by=practitioner, status="done", expected_version=1)
    return outcome


@pytest.mark.parametrize("who", ["practitioner", "lead"])
def test_it_shows_changes_to_the_outcome_and_its_steps_newest_first(client, request, who, story):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(story))
    page = text(response)
    assert response.status_code == 200
    done = page.index("Changed: small step “Ring Morven about Tuesdays” by Callum Fraser")
    edited = page.index("Changed: outcome by Morag MacLeod")
    added = page.index("Created: small step “Ring Morven about Tuesdays” by Callum Fraser")
    created = page.index("Created: outcome by Callum Fraser")
    assert done < edited < added < created
    assert "Reason:</strong> Her words" in page
    assert "Singing lifts me" in page
    assert "Planned" in page and "Done" in page


def test_it_pages_a_long_history(client, practitioner, story):
    step = story.steps.get()
    for version in range(2, 24):
        services.step_set_status(
            step=step,
            by=practitioner,
            status="in_progress" if version % 2 else "done",
            expected_version=version,
        )
    client.force_login(practitioner)
    first = text(client.get(url(story)))
    assert "Page 1 of 2" in first
    assert "Created: outcome" not in first
    assert "Created: outcome by Callum Fraser" in text(client.get(url(story, 2)))


def test_it_keeps_an_entered_in_error_outcome_readable(client, practitioner, story):
    services.outcome_mark_entered_in_error(
        outcome=story, by=practitioner, reason="Wrong person", expected_version=2
    )
    client.force_login(practitioner)
    page = text(client.get(url(story)))
    assert "Reason:</strong> Entered in error: Wrong person" in page
    assert "Its outcome was entered in error: Wrong person" in page


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_answers_404_to_anyone_outside_the_team(client, request, who, story):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(story)).status_code == 404


def test_it_sends_anonymous_users_to_login(client, story):
    assert_login_redirect(client.get(url(story)))
