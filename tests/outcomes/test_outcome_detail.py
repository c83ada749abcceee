import pytest
from django.urls import reverse

from outcomes.vocabulary import Lifecycle
from pphw.community.models import Service
from tests.factories import OutcomeFactory, StepFactory, counts_once
from tests.helpers import OUTSIDERS, assert_login_redirect

# One bound for a small and a large record: the page must not grow with the data.
# It covers the session, the access log and the sections other parts add (reviews, reflections).
MAX_QUERIES = 18
# The person's page also carries the session, the access log and other sections.
PERSON_PAGE_MAX_QUERIES = 22


def url(outcome):
    return reverse("outcomes:detail", args=[outcome.pk])


@pytest.mark.parametrize("who", ["practitioner", "lead"])
def test_it_shows_the_outcome_and_its_steps_in_order(client, request, who, outcome, steps):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(outcome))
    page = response.content.decode()
    assert response.status_code == 200
    assert outcome.statement in page
    positions = [page.index(step.what) for step in steps]
    assert positions == sorted(positions)
    assert page.count('name="status" value="done"') == 3
    assert "Add a small step" in page


def test_it_leaves_out_steps_entered_in_error(client, practitioner, outcome, steps):
    steps[1].mark_entered_in_error(reason="Typo")
    steps[1].save()
    client.force_login(practitioner)
    page = client.get(url(outcome)).content.decode()
    assert steps[1].what not in page
    assert "1 small step entered in error is kept in the" in page


def test_it_shows_an_outcome_entered_in_error_without_actions(client, practitioner, outcome, steps):
    outcome.mark_entered_in_error(reason="Wrong person")
    outcome.save()
    client.force_login(practitioner)
    page = client.get(url(outcome)).content.decode()
    assert "Entered in error." in page
    assert "Wrong person" in page
    assert "Edit the outcome" not in page
    assert 'name="status"' not in page


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_answers_404_to_anyone_outside_the_team(client, request, who, outcome):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(outcome)).status_code == 404


def test_it_sends_anonymous_users_to_login(client, outcome):
    assert_login_redirect(client.get(url(outcome)))


def _record(person, outcomes: int, steps: int):
    with counts_once():
        made = [OutcomeFactory(person=person) for _ in range(outcomes)]
        for outcome in made:
            for _ in range(steps):
                StepFactory(outcome=outcome)
    return made


@pytest.mark.parametrize("outcomes,steps", [(2, 1), (30, 10)])
def test_it_costs_the_same_queries_however_big_the_record(
    client, practitioner, person, django_assert_max_num_queries, outcomes, steps
):
    made = _record(person, outcomes, steps)
    client.force_login(practitioner)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url(made[-1]))
    assert response.content.decode().count('name="status" value="done"') == steps


@pytest.mark.parametrize("outcomes,steps", [(2, 1), (30, 10)])
def test_the_person_page_costs_the_same_queries_however_big_the_record(
    client, practitioner, person, django_assert_max_num_queries, outcomes, steps
):
    made = _record(person, outcomes, steps)
    made[0].lifecycle_status = Lifecycle.COMPLETED
    made[0].save()
    client.force_login(practitioner)
    with django_assert_max_num_queries(PERSON_PAGE_MAX_QUERIES):
        response = client.get(reverse("people:detail", args=[person.pk]))
    page = response.content.decode()
    assert f'Active <span class="text-body-secondary fw-normal">({outcomes - 1})' in page
    assert "Completed <span" in page
    # Each outcome summarises its steps on the person's record (its own page lists them).
    assert page.count(f"Small steps: 0 of {steps} done") == outcomes


def test_it_logs_the_look_at_the_persons_record(client, practitioner, outcome):
    from pphw.audit.models import RecordAccess

    client.force_login(practitioner)
    client.get(url(outcome))
    access = RecordAccess.objects.get()
    assert (access.user, access.person, access.page) == (practitioner, outcome.person, "outcome")


def test_it_keeps_the_directory_out_of_the_quick_step_form(client, practitioner, outcome):
    """Listing every local service on the outcome's page made it as slow as the directory
    is long (about a second at 20,000 services); the full step form finds them by name."""
    service = Service.objects.create(name="Merkinch Walking Group", confirmed=True)
    service.refresh_search_document()
    service.save()
    client.force_login(practitioner)
    page = client.get(reverse("outcomes:detail", args=[outcome.pk])).content.decode()
    assert 'name="service"' not in page
    assert "Merkinch Walking Group" not in page
    full = client.get(reverse("outcomes:step_create", args=[outcome.pk])).content.decode()
    assert "Merkinch Walking Group" not in full
    found = client.post(
        reverse("outcomes:step_create", args=[outcome.pk]),
        {"what": "Go along", "who": "community", "find_service": "walking", "find": "service"},
    ).content.decode()
    assert "Merkinch Walking Group" in found
