"""The rendered parts kept per process (docs/architecture.md, "Rendered parts kept in memory").

Each part is keyed on every value it shows: an edit must show on the very next
request (never a stale part), and a part filled for one user must never reach
another user who may not see what it shows (never a cross-user part). Every test
fills the cache first with the page as it was, then changes or switches user.
"""

from __future__ import annotations

import datetime
import pickle
import re

import pytest
from django import forms
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conversations.services import (
    conversation_mark_entered_in_error,
    conversation_move,
    conversation_record,
    conversation_update,
)
from outcomes.forms import StepForm, unbound_form_key
from outcomes.services import (
    outcome_mark_entered_in_error,
    outcome_update,
    step_set_status,
    step_update,
)
from outcomes.vocabulary import Lifecycle, StepStatus
from pphw.people.services import person_update
from tests.factories import (
    ConversationFactory,
    OutcomeFactory,
    PersonFactory,
    ReviewFactory,
    StepFactory,
)
from tests.helpers import signed_in


@pytest.fixture(autouse=True)
def empty_parts():
    caches["fragments"].clear()
    yield
    caches["fragments"].clear()


def page(client, name: str, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def kept_parts() -> list[str]:
    """The rendered parts in this process's cache (a local-memory cache keeps them pickled)."""
    return [pickle.loads(value) for value in caches["fragments"]._cache.values()]  # noqa: S301


# --- the record's outcomes (people:detail) --------------------------------------------


def test_it_keeps_the_records_outcomes_and_shows_an_edit_at_once(person, practitioner):
    outcome = OutcomeFactory(person=person, statement="I want to walk to the shop.")
    client = signed_in(practitioner)
    assert "I want to walk to the shop." in page(client, "people:detail", person.pk)
    assert any("I want to walk to the shop." in part for part in kept_parts())

    outcome_update(
        outcome=outcome,
        by=practitioner,
        expected_version=outcome.version,
        statement="I want to walk to the shop and back.",
    )
    html = page(client, "people:detail", person.pk)
    assert "I want to walk to the shop and back." in html
    assert "I want to walk to the shop.<" not in html


def test_it_shows_a_done_step_in_the_records_summary_at_once(person, practitioner):
    outcome = OutcomeFactory(person=person)
    step = StepFactory(outcome=outcome, what="Phone the lunch club")
    client = signed_in(practitioner)
    assert "Small steps: 0 of 1 done" in page(client, "people:detail", person.pk)

    step_set_status(step=step, by=practitioner, status=StepStatus.DONE, expected_version=1)
    assert "Small steps: 1 of 1 done" in page(client, "people:detail", person.pk)


def test_it_flags_a_review_as_overdue_once_its_date_passes(person, practitioner):
    today = timezone.localdate()
    outcome = OutcomeFactory(person=person, next_review_due=today + datetime.timedelta(days=3))
    client = signed_in(practitioner)
    assert "Overdue" not in page(client, "people:detail", person.pk)

    outcome_update(
        outcome=outcome,
        by=practitioner,
        expected_version=outcome.version,
        next_review_due=today - datetime.timedelta(days=1),
    )
    assert "Overdue" in page(client, "people:detail", person.pk)


def test_it_never_shows_one_teams_record_parts_to_another(
    person, practitioner, other_person, stranger
):
    OutcomeFactory(person=person, statement="I want to see my grandchildren more.")
    OutcomeFactory(person=other_person, statement="I want to sleep through the night.")
    assert "grandchildren" in page(signed_in(practitioner), "people:detail", person.pk)

    theirs = page(signed_in(stranger), "people:detail", other_person.pk)
    assert "sleep through the night" in theirs
    assert "grandchildren" not in theirs
    assert signed_in(stranger).get(reverse("people:detail", args=[person.pk])).status_code == 404


# --- the print page (people:print) -----------------------------------------------------


def test_it_shows_a_changed_step_on_the_print_page_at_once(person, practitioner):
    outcome = OutcomeFactory(person=person)
    step = StepFactory(outcome=outcome, what="Ask the GP about the tablets")
    client = signed_in(practitioner)
    assert "Ask the GP about the tablets" in page(client, "people:print", person.pk)

    step_update(step=step, by=practitioner, expected_version=1, what="Ask the pharmacist")
    html = page(client, "people:print", person.pk)
    assert "Ask the pharmacist" in html
    assert "Ask the GP about the tablets" not in html


def test_it_shows_a_new_review_on_the_print_page_at_once(person, practitioner):
    outcome = OutcomeFactory(person=person)
    client = signed_in(practitioner)
    assert "Not reviewed yet." in page(client, "people:print", person.pk)

    ReviewFactory(outcome=outcome, reviewed_by=practitioner, person_rating=7, what_next="Keep on")
    html = page(client, "people:print", person.pk)
    assert "7 out of 10" in html
    assert "Not reviewed yet." not in html


def test_it_never_shows_one_persons_print_parts_for_another(
    person, practitioner, other_person, stranger
):
    mine = OutcomeFactory(person=person, statement="I want to get back to the Men's Shed.")
    StepFactory(outcome=mine, what="Phone Donald about Tuesday")
    theirs = OutcomeFactory(person=other_person, statement="I want to manage my own money.")
    assert "Phone Donald" in page(signed_in(practitioner), "people:print", person.pk)

    html = page(signed_in(stranger), "people:print", other_person.pk)
    assert "manage my own money" in html
    assert "Phone Donald" not in html and "Men&#x27;s Shed" not in html
    assert theirs.pk != mine.pk


# --- an outcome's journey (outcomes:detail, reviews:detail) -----------------------------


def test_it_shows_a_new_review_in_the_journey_at_once(person, practitioner):
    outcome = OutcomeFactory(person=person)
    client = signed_in(practitioner)
    assert "No reviews yet." in page(client, "outcomes:detail", outcome.pk)

    ReviewFactory(outcome=outcome, reviewed_by=practitioner, what_changed="Out three times")
    html = page(client, "outcomes:detail", outcome.pk)
    assert "Out three times" in html
    assert "No reviews yet." not in html


def test_it_lays_the_journey_out_only_when_it_draws_it_again(person, practitioner, monkeypatch):
    from reviews import journey as journeys
    from reviews.templatetags import reviews_tags

    outcome = OutcomeFactory(person=person, baseline_rating=3)
    ReviewFactory(outcome=outcome, reviewed_by=practitioner, person_rating=6)
    laid_out = []
    lay_out = journeys.lay_out_journey
    monkeypatch.setattr(
        reviews_tags,
        "lay_out_journey",
        lambda journey: laid_out.append(journey) or lay_out(journey),
    )
    client = signed_in(practitioner)
    drawn = page(client, "outcomes:detail", outcome.pk)
    line = re.search(r'<polyline points="([^"]+)"', drawn).group(1)
    assert len(laid_out) == 1 and line == laid_out[0].line and " " in line
    # Kept: the same chart, and nothing laid out.
    assert f'<polyline points="{line}"' in page(client, "outcomes:detail", outcome.pk)
    assert len(laid_out) == 1
    # A new review: drawn again, laid out again, with its new point.
    ReviewFactory(outcome=outcome, reviewed_by=practitioner, person_rating=8)
    again = page(client, "outcomes:detail", outcome.pk)
    assert len(laid_out) == 2 and len(laid_out[1].line.split()) == 3
    assert f'<polyline points="{laid_out[1].line}"' in again


def test_it_shows_a_reviewers_new_name_in_the_journey(person, practitioner):
    outcome = OutcomeFactory(person=person)
    ReviewFactory(outcome=outcome, reviewed_by=practitioner)
    client = signed_in(practitioner)
    assert "by Callum Fraser" in page(client, "outcomes:detail", outcome.pk)

    practitioner.last_name = "MacRae"
    practitioner.save()
    assert "by Callum MacRae" in page(client, "outcomes:detail", outcome.pk)


def test_it_drops_the_review_button_once_the_outcome_is_closed(person, practitioner):
    outcome = OutcomeFactory(person=person)
    client = signed_in(practitioner)
    review_url = reverse("reviews:create", args=[outcome.pk])
    # The page's own actions link to it too; the journey's button is the second link.
    assert page(client, "outcomes:detail", outcome.pk).count(f'href="{review_url}"') == 2

    outcome_update(
        outcome=outcome,
        by=practitioner,
        expected_version=outcome.version,
        lifecycle_status=Lifecycle.COMPLETED,
    )
    assert page(client, "outcomes:detail", outcome.pk).count(f'href="{review_url}"') == 1


def test_it_never_keeps_a_csrf_token_or_a_users_name_in_a_part(person, practitioner, lead):
    outcome = OutcomeFactory(person=person)
    StepFactory(outcome=outcome)
    ReviewFactory(outcome=outcome, reviewed_by=lead)
    client = signed_in(practitioner)
    for name, args in [
        ("people:list", ()),
        ("people:detail", (person.pk,)),
        ("people:print", (person.pk,)),
        ("outcomes:detail", (outcome.pk,)),
        ("reviews:due", ()),
    ]:
        page(client, name, *args)
    parts = kept_parts()
    assert len(parts) >= 5
    for part in parts:
        # Forms in a kept part carry a stand-in, replaced per request, never a real token.
        values = part.split('name="csrfmiddlewaretoken" value="')[1:]
        assert all(value.startswith('pphw-csrf-token-stand-in"') for value in values)
        assert "Signed in as" not in part


def test_it_gives_each_user_their_own_csrf_token_on_the_kept_step_rows(person, practitioner, lead):
    outcome = OutcomeFactory(person=person)
    step = StepFactory(outcome=outcome)
    url = reverse("outcomes:detail", args=[outcome.pk])
    first = Client(enforce_csrf_checks=True)
    first.force_login(practitioner)
    first.get(url)
    assert any("pphw-csrf-token-stand-in" in part for part in kept_parts())

    second = Client(enforce_csrf_checks=True)
    second.force_login(lead)
    html = second.get(url).content.decode()
    form = html.split(f'action="{reverse("outcomes:step_status", args=[step.pk])}"')[1]
    token = form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert "stand-in" not in html
    response = second.post(
        reverse("outcomes:step_status", args=[step.pk]),
        {"csrfmiddlewaretoken": token, "version": step.version, "status": StepStatus.DONE},
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == StepStatus.DONE


# --- the top of the outcome's page (outcomes:detail) -----------------------------------


def test_it_keeps_the_top_of_the_outcome_page_and_shows_an_edit_at_once(person, practitioner):
    outcome = OutcomeFactory(person=person, why_it_matters="To see my friends.")
    client = signed_in(practitioner)
    assert "To see my friends." in page(client, "outcomes:detail", outcome.pk)
    assert any("To see my friends." in part for part in kept_parts())

    outcome_update(
        outcome=outcome,
        by=practitioner,
        expected_version=outcome.version,
        why_it_matters="To see my friends at the club.",
        review_interval_days=42,
    )
    html = page(client, "outcomes:detail", outcome.pk)
    assert "To see my friends at the club." in html
    assert "42 days" in html


def test_it_shows_the_persons_new_name_and_the_conversations_new_date_at_once(person, practitioner):
    conversation = ConversationFactory(person=person, held_on=datetime.date(2026, 3, 4))
    outcome = OutcomeFactory(person=person, conversation=conversation)
    client = signed_in(practitioner)
    html = page(client, "outcomes:detail", outcome.pk)
    assert "Outcome for Isla Munro" in html and "the conversation of 4 March 2026" in html

    person_update(
        person=person, by=practitioner, expected_version=person.version, given_name="Ishbel"
    )
    conversation_update(
        conversation=conversation,
        by=practitioner,
        expected_version=conversation.version,
        held_on=datetime.date(2026, 3, 5),
    )
    html = page(client, "outcomes:detail", outcome.pk)
    assert "Outcome for Ishbel Munro" in html
    assert '">Ishbel Munro</a></li>' in html  # the breadcrumb, inside the kept part
    assert "the conversation of 5 March 2026" in html


def test_it_takes_the_buttons_off_an_outcome_entered_in_error_at_once(person, practitioner):
    outcome = OutcomeFactory(person=person)
    client = signed_in(practitioner)
    assert "Edit the outcome" in page(client, "outcomes:detail", outcome.pk)

    outcome_mark_entered_in_error(
        outcome=outcome, by=practitioner, reason="Wrong person", expected_version=outcome.version
    )
    html = page(client, "outcomes:detail", outcome.pk)
    assert "Edit the outcome" not in html
    assert "Reason: Wrong person" in html


def test_it_never_shows_the_kept_top_of_an_outcome_to_another_team(person, practitioner, stranger):
    outcome = OutcomeFactory(person=person, why_it_matters="Only for my team to read.")
    page(signed_in(practitioner), "outcomes:detail", outcome.pk)
    assert any("Only for my team to read." in part for part in kept_parts())
    response = signed_in(stranger).get(reverse("outcomes:detail", args=[outcome.pk]))
    assert response.status_code == 404
    assert b"Only for my team to read." not in response.content
    # Another outcome of another person never meets the part kept for this one.
    other = OutcomeFactory(person=PersonFactory(team=person.team), why_it_matters="Other words.")
    html = page(signed_in(practitioner), "outcomes:detail", other.pk)
    assert "Only for my team to read." not in html and "Isla Munro" not in html


# --- the quick "add a small step" form --------------------------------------------------


def test_it_keys_the_quick_step_form_on_its_fields():
    quick = StepForm(auto_id="new-step-%s", link_service=False)
    assert unbound_form_key(quick) == unbound_form_key(
        StepForm(auto_id="new-step-%s", link_service=False)
    )
    relabelled = StepForm(auto_id="new-step-%s", link_service=False)
    relabelled.fields["what"].label = "What will happen next?"
    assert unbound_form_key(relabelled) != unbound_form_key(quick)
    # A choice of rows is data, and a bound form holds the user's input: never kept.
    assert unbound_form_key(StepForm(auto_id="new-step-%s")) is None
    assert unbound_form_key(StepForm({"what": "x"}, link_service=False)) is None

    class WithChoices(forms.Form):
        colour = forms.ChoiceField(choices=[("r", "Red")])

    changed = WithChoices()
    changed.fields["colour"].choices = [("r", "Red"), ("g", "Green")]
    assert unbound_form_key(changed) != unbound_form_key(WithChoices())


def test_it_makes_the_quick_step_form_only_when_its_rendering_is_not_kept(
    person, practitioner, monkeypatch
):
    outcome = OutcomeFactory(person=person)
    client = signed_in(practitioner)
    assert 'id="new-step-what"' in page(client, "outcomes:detail", outcome.pk)
    made = []
    init = StepForm.__init__
    monkeypatch.setattr(
        StepForm, "__init__", lambda form, *a, **k: made.append(form) or init(form, *a, **k)
    )
    assert 'id="new-step-what"' in page(client, "outcomes:detail", outcome.pk)
    assert made == []
    # With nothing kept, the form is made and rendered as before.
    caches["fragments"].clear()
    html = page(client, "outcomes:detail", outcome.pk)
    assert len(made) == 1 and 'id="new-step-what"' in html


# --- the caseload and reviews-due tables -----------------------------------------------


def test_it_shows_a_renamed_person_in_the_caseload_at_once(person, practitioner):
    client = signed_in(practitioner)
    assert "Isla Munro" in page(client, "people:list")

    person_update(
        person=person, by=practitioner, expected_version=person.version, family_name="Ross"
    )
    html = page(client, "people:list")
    assert "Isla Ross" in html
    assert "Isla Munro" not in html


def test_it_never_shows_one_teams_caseload_rows_to_another(
    person, practitioner, other_person, stranger
):
    assert person.full_name in page(signed_in(practitioner), "people:list")
    html = page(signed_in(stranger), "people:list")
    assert other_person.full_name in html
    assert person.full_name not in html


def test_it_shows_reviews_due_as_they_change_and_only_to_the_team(
    person, practitioner, other_person, stranger
):
    today = timezone.localdate()
    outcome = OutcomeFactory(
        person=person, statement="I want a say in when the carers come.", next_review_due=today
    )
    OutcomeFactory(person=other_person, statement="I want to be spoken to.", next_review_due=today)
    client = signed_in(practitioner)
    html = page(client, "reviews:due")
    assert "Due today" in html and "I want a say in when the carers come." in html

    outcome_update(
        outcome=outcome,
        by=practitioner,
        expected_version=outcome.version,
        next_review_due=today - datetime.timedelta(days=2),
    )
    html = page(client, "reviews:due")
    assert "by 2 days" in html and "Due today" not in html
    assert "I want to be spoken to." not in html

    theirs = page(signed_in(stranger), "reviews:due")
    assert "I want to be spoken to." in theirs
    assert "carers come" not in theirs


def test_it_keeps_parts_for_a_second_request(person, practitioner):
    OutcomeFactory(person=person)
    client = signed_in(practitioner)
    page(client, "people:detail", person.pk)
    kept = dict(caches["fragments"]._cache)
    assert kept
    page(client, "people:detail", person.pk)
    assert dict(caches["fragments"]._cache) == kept


def test_it_gives_a_second_person_of_the_same_shape_their_own_part(team, practitioner):
    first = PersonFactory(team=team, given_name="Ann", family_name="Gunn")
    second = PersonFactory(team=team, given_name="Una", family_name="Kerr")
    OutcomeFactory(person=first, statement="I want my own flat near my mum.")
    OutcomeFactory(person=second, statement="I want to learn to cook.")
    client = signed_in(practitioner)
    assert "own flat" in page(client, "people:detail", first.pk)
    html = page(client, "people:detail", second.pk)
    assert "learn to cook" in html and "own flat" not in html


# --- the directory's search results (community:list) -------------------------------------


def _directory(client, **params) -> str:
    response = client.get(reverse("community:list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_an_edit_of_a_found_service_at_once(practitioner, lead):
    from pphw.community.services import service_update
    from tests.factories import LocationFactory, ServiceFactory

    service = ServiceFactory(name="Leith Walking Group", description="Gentle walks.")
    LocationFactory(service=service, name="Church hall", address="1 High Street")
    client = signed_in(practitioner)
    html = _directory(client, q="walking")
    assert "Leith Walking Group" in html and "Gentle walks." in html and "Church hall" in html
    assert any("Gentle walks." in part for part in kept_parts())

    service_update(
        service=service,
        by=lead,
        expected_version=service.version,
        name="Leith Walking Group (Tuesdays)",
        description="Brisk walks by the shore.",
        organisation_name="Leith Walkers",
        status="closed",
        confirmed=False,
        location={"name": "Library", "address": "2 Ferry Road", "postcode": "EH6 4AA"},
    )
    html = _directory(client, q="walking")
    assert "Leith Walking Group (Tuesdays)" in html and "Brisk walks by the shore." in html
    assert "Gentle walks." not in html and "Church hall" not in html
    assert "Library, 2 Ferry Road, EH6 4AA" in html and "Leith Walkers" in html
    assert "Closed" in html and "Not yet confirmed" in html


def test_it_flags_a_found_service_as_out_of_date_once_the_months_pass(practitioner, settings):
    from tests.factories import ServiceFactory

    checked = timezone.localdate() - datetime.timedelta(days=200)
    ServiceFactory(name="Knit and Natter", last_checked_on=checked)
    client = signed_in(practitioner)
    settings.COMMUNITY_CHECK_MONTHS = 12
    assert "Possibly out of date" not in _directory(client, q="knit")
    settings.COMMUNITY_CHECK_MONTHS = 6
    assert "Possibly out of date" in _directory(client, q="knit")


def test_it_shows_each_search_its_own_distance(practitioner):
    from decimal import Decimal

    from pphw.community.models import Place
    from tests.factories import LocationFactory, ServiceFactory

    for name, latitude, longitude in (
        ("Inverness", "57.4778", "-4.2247"),
        ("Dingwall", "57.5957", "-4.4282"),
    ):
        Place.objects.create(
            name=name, kind="town", key=name.upper(), latitude=latitude, longitude=longitude
        )
    shed = ServiceFactory(name="Dingwall Men's Shed")
    LocationFactory(service=shed, latitude=Decimal("57.5957"), longitude=Decimal("-4.4282"))
    client = signed_in(practitioner)
    far = re.findall(r"([0-9.]+) miles away", _directory(client, near="Inverness", radius="25"))
    near = re.findall(r"([0-9.]+) miles away", _directory(client, near="Dingwall", radius="25"))
    assert len(far) == 1 and 9 < float(far[0]) < 12
    assert near == ["0.0"]
    assert "miles away" not in _directory(client, q="shed")


def test_the_directorys_cards_show_nothing_of_the_viewer(practitioner, stranger, person_user):
    from tests.factories import ServiceFactory

    ServiceFactory(name="Leith Walking Group")
    mine = _directory(signed_in(practitioner), q="walking")
    theirs = _directory(signed_in(stranger), q="walking")
    assert "Leith Walking Group" in theirs
    assert theirs.count('<li class="card mb-2">') == 1  # the kept card, not escaped
    assert all(practitioner.username not in part for part in kept_parts())
    assert all(str(practitioner) not in part for part in kept_parts())
    assert mine.count("Leith Walking Group") == theirs.count("Leith Walking Group")
    # A person never reaches the directory's staff pages, kept parts or not.
    response = signed_in(person_user).get(reverse("community:list"), {"q": "walking"})
    assert response.status_code == 404


def test_the_search_forms_choices_follow_each_request(practitioner):
    client = signed_in(practitioner)
    html = _directory(client, category="things_to_do", radius="10")
    assert '<option value="things_to_do" selected>' in html
    assert '<option value="10" selected>' in html
    html = _directory(client, category="seeing_people")
    assert '<option value="seeing_people" selected>' in html
    assert '<option value="things_to_do" selected>' not in html
    assert '<option value="5" selected>' in html and '<option value="10" selected>' not in html
    html = _directory(client)
    assert " selected>" in html and '<option value="" selected>' not in html


# --- the team at a glance (reviews:team) ------------------------------------------------


def _team_row(html: str, name: str) -> str:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return next(row for row in body.split("<tr>") if name in row)


def test_it_shows_the_team_at_a_glance_as_it_changes(person, practitioner, lead, team):
    today = timezone.localdate()
    earlier = today - datetime.timedelta(days=12)
    first = conversation_record(
        person=person, by=practitioner, held_on=earlier, what_matters="Seeing friends"
    )
    second = conversation_record(
        person=person, by=practitioner, held_on=today, what_matters="Seeing friends"
    )
    client = signed_in(lead)
    assert f'datetime="{today:%Y-%m-%d}"' in _team_row(page(client, "reviews:team"), "Callum")

    # A conversation entered in error no longer counts as the latest.
    conversation_mark_entered_in_error(
        conversation=second, by=practitioner, reason="Wrong person", expected_version=1
    )
    row = _team_row(page(client, "reviews:team"), "Callum")
    assert f'datetime="{earlier:%Y-%m-%d}"' in row
    assert f'datetime="{today:%Y-%m-%d}"' not in row

    # Moved to someone of the lead's with another key worker: the date goes with it.
    other = PersonFactory(team=team, key_worker=lead)
    conversation_move(
        conversation=first,
        by=practitioner,
        to_person=other,
        reason="Recorded against the wrong person",
        expected_version=1,
    )
    html = page(client, "reviews:team")
    assert "None yet" in _team_row(html, "Callum")
    assert f'datetime="{earlier:%Y-%m-%d}"' in _team_row(html, "Morag")

    # The person changes key worker: their figures follow them.
    OutcomeFactory(person=person, next_review_due=today - datetime.timedelta(days=1))
    before = _team_row(page(client, "reviews:team"), "Morag")
    person_update(person=person, by=lead, expected_version=person.version, key_worker=lead)
    after = _team_row(page(client, "reviews:team"), "Morag")
    assert "1 review overdue for Morag" not in before
    assert "1 review overdue for Morag" in after
    assert "2 people with Morag" in after


def test_it_shows_each_lead_only_their_own_teams_at_a_glance(
    person, practitioner, lead, other_lead, other_person
):
    conversation_record(person=person, by=practitioner, what_matters="Getting out")
    assert "Callum" in page(signed_in(lead), "reviews:team")
    assert "Callum" not in page(signed_in(other_lead), "reviews:team")
