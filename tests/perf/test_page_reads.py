"""What the busiest pages read, and what they show from it.

The outcome page, the caseload and "Reviews due" read less than they did (one
query fewer for the outcome, no joins that the rows at hand already answer, the
filter form rendered without crispy); these tests pin what a user sees from those
reads (docs/performance.md, "Page speed").
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from outcomes.models import Reflection
from tests.factories import (
    ConversationFactory,
    MembershipFactory,
    OutcomeFactory,
    PersonFactory,
    StepFactory,
)
from tests.helpers import signed_in

TODAY = timezone.localdate()


def page(client, name: str, *args, query: str = "") -> str:
    response = client.get(reverse(name, args=args) + query)
    assert response.status_code == 200
    return response.content.decode()


# --- outcomes:detail ---------------------------------------------------------------


def test_the_outcome_page_counts_its_steps_in_error_from_the_steps_it_reads(person, practitioner):
    outcome = OutcomeFactory(person=person)
    StepFactory(outcome=outcome, what="Walk to the corner")
    for what in ("Typed twice", "Wrong outcome"):
        step = StepFactory(outcome=outcome, what=what)
        step.mark_entered_in_error(reason="Mistake")
        step.save()
    client = signed_in(practitioner)
    html = page(client, "outcomes:detail", outcome.pk)
    assert "Walk to the corner" in html
    assert "Typed twice" not in html and "Wrong outcome" not in html
    assert "2 small steps entered in error are kept in the" in html


def test_the_outcome_page_names_the_date_of_its_conversation(person, practitioner):
    conversation = ConversationFactory(person=person, held_on=datetime.date(2026, 3, 4))
    linked = OutcomeFactory(person=person, conversation=conversation)
    unlinked = OutcomeFactory(person=person)
    client = signed_in(practitioner)
    html = page(client, "outcomes:detail", linked.pk)
    conversation_url = reverse("conversations:detail", args=[conversation.pk])
    assert f'<a href="{conversation_url}">the conversation of 4 March 2026</a>' in html
    assert "No conversation linked" in page(client, "outcomes:detail", unlinked.pk)


def test_the_outcome_page_shows_the_persons_notes_but_none_entered_in_error(person, practitioner):
    outcome = OutcomeFactory(person=person)
    Reflection.objects.create(outcome=outcome, author=practitioner, text="Getting there")
    Reflection.objects.create(
        outcome=outcome, author=practitioner, text="Meant for another", entered_in_error=True
    )
    client = signed_in(practitioner)
    html = page(client, "outcomes:detail", outcome.pk)
    assert "Getting there" in html
    assert "Meant for another" not in html

    outcome.mark_entered_in_error(reason="Wrong person")
    outcome.save()
    html = page(client, "outcomes:detail", outcome.pk)
    assert "Getting there" not in html
    assert "has not written a note on this outcome yet" in html


# --- people:list -------------------------------------------------------------------


def test_the_caseload_flags_no_overdue_review_on_a_closed_record(team, practitioner):
    open_record = PersonFactory(team=team, given_name="Ailsa", family_name="Bain")
    closed = PersonFactory(team=team, given_name="Brodie", family_name="Cairns")
    for who in (open_record, closed):
        OutcomeFactory(person=who, next_review_due=TODAY - datetime.timedelta(days=3))
    closed.closed_on = TODAY
    closed.closure_reason = "Moved away"
    closed.save()
    html = page(signed_in(practitioner), "people:list")
    assert html.count("Overdue review") == 1
    row = html[html.index("Ailsa Bain") :]
    assert row.index("Overdue review") < row.index("</th>")


def test_the_caseload_of_one_team_offers_no_team_choice_and_still_takes_it(
    team, other_team, practitioner, person, other_person
):
    client = signed_in(practitioner)
    html = page(client, "people:list", query=f"?q=Munro&team={team.pk}")
    assert 'id="id_team"' not in html
    assert "Isla Munro" in html and "1 person matching “Munro”" in html
    # Another team's id is not the user's to choose.
    assert "Fatima Khan" not in page(client, "people:list", query=f"?team={other_team.pk}")


def test_the_caseload_of_several_teams_names_them_in_its_choice(
    team, other_team, practitioner, person, other_person
):
    MembershipFactory(user=practitioner, team=other_team)
    html = page(signed_in(practitioner), "people:list", query=f"?team={other_team.pk}")
    assert '<select class="form-select" name="team" id="id_team">' in html
    assert f'<option value="{team.pk}">North</option>' in html
    assert f'<option value="{other_team.pk}" selected>South</option>' in html
    assert "Fatima Khan" in html and "Isla Munro" not in html


# --- reviews:due: the filters without crispy ----------------------------------------


def _filter_form(html: str) -> str:
    start = html.index('<form method="get"')
    return html[start : html.index("</form>", start)]


def test_the_reviews_due_filters_keep_their_labels_ids_and_order(practitioner):
    form = _filter_form(page(signed_in(practitioner), "reviews:due"))
    assert form.index('for="id_key_worker"') < form.index('for="id_within"')
    assert '<label for="id_key_worker" class="form-label">Key worker</label>' in form
    assert '<label for="id_within" class="form-label">When</label>' in form
    assert '<select name="key_worker" class="select form-select" id="id_key_worker">' in form
    assert '<option value="" selected>Anyone</option>' in form
    assert f'<option value="{practitioner.pk}">Callum Fraser</option>' in form
    # With no choice in the address, the period listed is the one the page shows.
    assert '<option value="14" selected>Overdue or due in the next 14 days</option>' in form
    assert "aria-invalid" not in form


def test_the_reviews_due_filters_show_the_choice_in_the_address(practitioner):
    query = f"?key_worker={practitioner.pk}&within=-1"
    form = _filter_form(page(signed_in(practitioner), "reviews:due", query=query))
    assert f'<option value="{practitioner.pk}" selected>Callum Fraser</option>' in form
    assert '<option value="-1" selected>Overdue only</option>' in form
    assert form.count(" selected>") == 2


@pytest.mark.parametrize("query", ["?within=12345&key_worker=nobody", "?within=9&key_worker=0"])
def test_the_reviews_due_filters_name_a_value_not_offered(practitioner, query):
    form = _filter_form(page(signed_in(practitioner), "reviews:due", query=query))
    for name, message in (
        ("key_worker", "Choose a member of your teams."),
        ("within", "Choose one of the periods listed."),
    ):
        assert (
            f'<select name="{name}" class="select form-select is-invalid" aria-invalid="true" '
            f'aria-describedby="id_{name}_error" id="id_{name}">'
        ) in form
        assert (
            f'<div id="id_{name}_error" class="invalid-feedback">'
            f'<p id="error_1_id_{name}"><strong>{message}</strong></p></div>'
        ) in form
    assert " selected>" not in form
