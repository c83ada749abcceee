"""Access a person gives to someone they trust: inviting, acting for them, ending it."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conversations.models import Preparation
from outcomes.models import Outcome, Reflection, Step
from outcomes.vocabulary import StepStatus, StepWho
from pphw.audit.models import RecordAccess
from pphw.people.models import Delegation, User
from pphw.people.roles import ACT_FOR_SESSION_KEY
from pphw.people.services import delegation_end
from tests.conftest import acting_for
from tests.factories import (
    ConversationFactory,
    DelegationFactory,
    OutcomeFactory,
    PersonFactory,
    ReviewFactory,
    StepFactory,
    UserFactory,
)
from tests.helpers import signed_in
from tests.me.conftest import main_text

BANNER = "You are looking at Isla's plan as her friend"
GOOD_PASSWORD = "kettle garden blue river"
ME_PAGES = ["me:home", "me:plan", "me:history", "me:export", "me:preparation"]


@pytest.fixture
def see_only(person, person_user):
    kirsty = UserFactory(username="kirsty.see", first_name="Kirsty", last_name="Campbell")
    DelegationFactory(person=person, delegate=kirsty, given_by=person_user)
    return kirsty


def _writes(my_step, outcome):
    """Every change a person can make on their own pages, with valid data."""
    return [
        (reverse("me:step_add", args=[outcome.pk]), {"what": "Phone the club"}),
        (reverse("me:step_done", args=[my_step.pk]), {"version": my_step.version}),
        (reverse("me:step_undo_done", args=[my_step.pk]), {"version": my_step.version}),
        (
            reverse("me:outcome_words", args=[outcome.pk]),
            {"statement": "Changed by someone else", "why_it_matters": "", "version": 1},
        ),
        (reverse("me:reflection_add", args=[outcome.pk]), {"text": "Going fine", "rating": 5}),
        (
            reverse("me:preparation"),
            {"talk_about": "The bus", "matters_most": "", "going_well": ""},
        ),
    ]


def _state(outcome):
    return (
        Step.objects.count(),
        list(Step.objects.values_list("status", "version").order_by("pk")),
        Outcome.objects.get(pk=outcome.pk).statement,
        Reflection.objects.count(),
        Preparation.objects.count(),
    )


def test_it_lets_the_person_invite_someone_with_an_on_screen_link(client, person, person_user):
    client.force_login(person_user)
    response = client.post(
        reverse("me:delegate_invite"),
        {
            "given_name": "Kirsty",
            "family_name": "Campbell",
            "relationship": "her friend",
            "scope": "help",
            "ends_on": "",
            "email": "",
        },
    )
    assert response.status_code == 200
    delegation = Delegation.objects.get(person=person)
    assert (delegation.scope, delegation.relationship) == ("help", "her friend")
    assert delegation.delegate.username == "kirsty.campbell"
    assert not delegation.delegate.has_usable_password()
    assert delegation.history.get().history_user == person_user
    link = response.context["link"]
    assert "/me/welcome/" in link and "kirsty.campbell" in main_text(response)
    # The same one-time link as a person's own invitation: Kirsty chooses a password.
    anonymous = signed_in(UserFactory())
    anonymous.logout()
    form_url = anonymous.get(link).url
    done = anonymous.post(
        form_url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD}
    )
    assert done.status_code == 302 and done.url == reverse("login")
    assert anonymous.login(username="kirsty.campbell", password=GOOD_PASSWORD)


def test_it_emails_the_link_when_given_an_address(
    client, person, person_user, django_capture_on_commit_callbacks
):
    client.force_login(person_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("me:delegate_invite"),
            {
                "given_name": "Kirsty",
                "family_name": "Campbell",
                "relationship": "her friend",
                "scope": "see",
                "email": "kirsty@example.org",
            },
        )
    assert len(mail.outbox) == 1
    assert "Isla's plan" in mail.outbox[0].body and "/me/welcome/" in mail.outbox[0].body


def test_it_refuses_an_end_date_in_the_past_and_keeps_the_input(client, person_user):
    client.force_login(person_user)
    response = client.post(
        reverse("me:delegate_invite"),
        {
            "given_name": "Kirsty",
            "family_name": "Campbell",
            "relationship": "her friend",
            "scope": "see",
            "ends_on": "01/01/2001",
        },
    )
    assert response.status_code == 200
    assert "The end date has passed" in response.content.decode()
    assert "<title>Error: " in response.content.decode()
    assert 'value="Kirsty"' in response.content.decode()
    assert not Delegation.objects.exists()


def test_every_me_page_says_whose_plan_and_as_what(helper_delegation, kirsty, outcome):
    client = acting_for(kirsty, helper_delegation.person)
    for name in ME_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert BANNER in main_text(response), name
    response = client.get(reverse("me:outcome", args=[outcome.pk]))
    assert BANNER in main_text(response)


def test_a_see_only_delegates_posts_change_nothing(see_only, person, outcome, my_step):
    client = acting_for(see_only, person)
    before = _state(outcome)
    for url, data in _writes(my_step, outcome):
        assert client.post(url, data).status_code == 403, url
    assert _state(outcome) == before


def test_a_help_delegate_never_rewords_the_persons_own_words(
    helper_delegation, kirsty, outcome, my_step
):
    client = acting_for(kirsty, helper_delegation.person)
    words = reverse("me:outcome_words", args=[outcome.pk])
    assert client.get(words).status_code == 403
    data = {"statement": "Changed by someone else", "why_it_matters": "", "version": 1}
    assert client.post(words, data).status_code == 403
    reflection = reverse("me:reflection_add", args=[outcome.pk])
    assert client.post(reflection, {"text": "Going fine"}).status_code == 403
    outcome.refresh_from_db()
    assert outcome.statement == "I want to get back to the allotment"
    assert not Reflection.objects.exists()


def test_a_help_delegates_step_is_in_history_as_the_delegate_for_the_person(
    helper_delegation, kirsty, outcome, person_user
):
    client = acting_for(kirsty, helper_delegation.person)
    response = client.post(reverse("me:step_add", args=[outcome.pk]), {"what": "Phone the club"})
    assert response.status_code == 302
    step = Step.objects.get(what="Phone the club")
    assert step.who == StepWho.PERSON
    created = step.history.get()
    assert created.history_user == kirsty
    assert created.history_change_reason == "Added by Kirsty Campbell for Isla, as her friend"
    # Isla sees the step and who added it.
    page = signed_in(person_user).get(reverse("me:outcome", args=[outcome.pk]))
    assert "Phone the club" in main_text(page)
    assert "Added by Kirsty Campbell." in main_text(page)


def test_a_help_delegate_marks_steps_done_and_writes_the_note(
    helper_delegation, kirsty, my_step, person
):
    client = acting_for(kirsty, person)
    client.post(reverse("me:step_done", args=[my_step.pk]), {"version": my_step.version})
    my_step.refresh_from_db()
    assert my_step.status == StepStatus.DONE
    latest = my_step.history.first()
    assert latest.history_user == kirsty
    assert "for Isla, as her friend" in latest.history_change_reason
    client.post(
        reverse("me:preparation"), {"talk_about": "The bus", "matters_most": "", "going_well": ""}
    )
    note = Preparation.objects.get(person=person)
    assert note.history.get().history_user == kirsty
    assert "for Isla, as her friend" in note.history.get().history_change_reason


def test_every_look_is_logged_and_shown_to_the_person(
    helper_delegation, kirsty, person, person_user, outcome
):
    client = acting_for(kirsty, person)
    for name in ME_PAGES:
        client.get(reverse(name))
    client.get(reverse("me:outcome", args=[outcome.pk]))
    looks = RecordAccess.objects.filter(user=kirsty, person=person)
    assert looks.count() >= len(ME_PAGES) + 1
    page = signed_in(person_user).get(reverse("audit:my_access"))
    text = main_text(page)
    assert "Kirsty Campbell" in text and "Someone you gave access to, her friend" in text


def test_ending_access_ends_the_delegates_sessions_for_that_person_at_once(
    helper_delegation, kirsty, person, person_user
):
    client = acting_for(kirsty, person)
    elsewhere = signed_in(kirsty)  # a session looking at nobody's record is left alone
    assert client.get(reverse("me:home")).status_code == 200
    response = signed_in(person_user).post(reverse("me:delegate_end", args=[helper_delegation.pk]))
    assert response.status_code == 302
    helper_delegation.refresh_from_db()
    assert helper_delegation.ended_at is not None and helper_delegation.ended_by == person_user
    sessions = [s.get_decoded() for s in Session.objects.all()]
    assert not [s for s in sessions if s.get(ACT_FOR_SESSION_KEY) == person.pk]
    assert client.get(reverse("me:home")).status_code == 302  # signed out: to sign in
    assert elsewhere.get(reverse("me:home")).status_code == 404
    assert elsewhere.post(reverse("me:act_for", args=[person.pk])).status_code == 404


def test_the_grant_is_checked_on_every_request_not_only_when_choosing(
    helper_delegation, kirsty, person, person_user, outcome
):
    client = acting_for(kirsty, person)
    # Ended behind the session's back (the session itself is left in place).
    Delegation.objects.filter(pk=helper_delegation.pk).update(ended_at=timezone.now())
    assert client.get(reverse("me:home")).status_code == 404
    assert client.get(reverse("me:outcome", args=[outcome.pk])).status_code == 404
    assert client.get(reverse("me:export_json")).status_code == 404


def test_an_expired_legal_authority_gives_nothing(person, practitioner, outcome):
    holder = UserFactory(first_name="Ann", last_name="Lawson")
    DelegationFactory(
        person=person,
        delegate=holder,
        given_by=practitioner,
        kind="legal",
        authority="guardianship",
        document_date=datetime.date(2020, 3, 1),
        review_due=timezone.localdate() - datetime.timedelta(days=1),
        scope="help",
        relationship="her guardian",
    )
    client = signed_in(holder)
    assert client.post(reverse("me:act_for", args=[person.pk])).status_code == 404
    session = client.session
    session[ACT_FOR_SESSION_KEY] = person.pk
    session.save()
    for name in ME_PAGES + ["me:export_json"]:
        assert client.get(reverse(name)).status_code == 404, name
    assert client.get(reverse("me:outcome", args=[outcome.pk])).status_code == 404


def test_an_end_date_passed_gives_nothing(person, person_user):
    holder = UserFactory()
    DelegationFactory(
        person=person,
        delegate=holder,
        given_by=person_user,
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert signed_in(holder).post(reverse("me:act_for", args=[person.pk])).status_code == 404


def test_a_delegate_never_receives_a_practitioners_note(
    helper_delegation, kirsty, person, practitioner, outcome
):
    ConversationFactory(
        person=person,
        practitioner=practitioner,
        practitioner_notes="STAFF-ONLY-NOTE about risk",
        agreed_with_person=True,
    )
    ReviewFactory(
        outcome=outcome,
        reviewed_by=practitioner,
        person_rating=6,
        practitioner_rating=2,
        what_changed="Went twice.",
    )
    client = acting_for(kirsty, person)
    texts = []
    for name in ME_PAGES + ["me:export_json"]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        texts.append(response.content.decode())
    texts.append(client.get(reverse("me:outcome", args=[outcome.pk])).content.decode())
    everything = "\n".join(texts)
    assert "STAFF-ONLY-NOTE" not in everything
    assert "practitioner_rating" not in everything
    assert "practitioner_notes" not in everything


def test_someone_who_is_a_person_and_a_delegate_for_two_moves_between_them(
    person, person_user, other_person, team
):
    # Euan has his own record, and is a delegate for Isla and for Fatima.
    euan_person = PersonFactory(team=team, given_name="Euan", family_name="Ross")
    euan = UserFactory(username="euan", first_name="Euan", last_name="Ross")
    euan_person.user = euan
    euan_person.save()
    DelegationFactory(person=person, delegate=euan, given_by=person_user, relationship="her son")
    DelegationFactory(
        person=other_person, delegate=euan, given_by=euan, relationship="her neighbour"
    )
    OutcomeFactory(person=euan_person, statement="Euan's own outcome")
    OutcomeFactory(person=person, statement="Isla's outcome")
    OutcomeFactory(person=other_person, statement="Fatima's outcome")
    client = signed_in(euan)
    home = main_text(client.get(reverse("me:home")))
    assert "Euan's own outcome" in home and "Whose plan" in home
    client.post(reverse("me:act_for", args=[person.pk]))
    home = main_text(client.get(reverse("me:home")))
    assert "You are looking at Isla's plan as her son" in home
    assert "Isla's outcome" in home and "Euan's own outcome" not in home
    client.post(reverse("me:act_for", args=[other_person.pk]))
    home = main_text(client.get(reverse("me:home")))
    assert "You are looking at Fatima's plan as her neighbour" in home
    assert "Fatima's outcome" in home and "Isla's outcome" not in home
    client.post(reverse("me:act_for", args=[euan_person.pk]))
    home = main_text(client.get(reverse("me:home")))
    assert "You are looking at" not in home and "Euan's own outcome" in home


def test_a_delegate_with_no_choice_yet_is_asked_whose_plan(helper_delegation, kirsty):
    client = signed_in(kirsty)
    assert client.get(reverse("home")).url == reverse("me:home")
    text = main_text(client.get(reverse("me:home")))
    assert "Whose plan would you like to look at?" in text
    assert "Isla's plan, as her friend" in text


def test_the_person_sees_who_has_access_and_since_when(
    helper_delegation, person_user, kirsty, person
):
    DelegationFactory(
        person=person,
        delegate=UserFactory(first_name="Old", last_name="Friend"),
        given_by=person_user,
        ended_at=timezone.now(),
        ended_by=person_user,
    )
    text = main_text(signed_in(person_user).get(reverse("me:delegates")))
    assert "Kirsty Campbell, her friend" in text
    assert "see and help with my plan" in text
    assert timezone.localdate().strftime("%-d %B %Y") in text
    assert "End Kirsty's access now" in text
    assert "Access that has ended" in text and "Old Friend" in text


def test_a_person_cannot_end_someone_elses_delegation(person_user, other_person):
    theirs = DelegationFactory(person=other_person, given_by=person_user)
    response = signed_in(person_user).post(reverse("me:delegate_end", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.ended_at is None


def test_staff_record_a_legal_authority_which_gives_access_of_its_scope(
    practitioner, person, outcome
):
    client = signed_in(practitioner)
    response = client.post(
        reverse("people:legal_authority", args=[person.pk]),
        {
            "given_name": "Ann",
            "family_name": "Lawson",
            "relationship": "her attorney",
            "authority": "power_of_attorney",
            "reference": "OPG 1234/56",
            "document_date": "01/03/2024",
            "scope": "see",
            "review_due": "",
            "ends_on": "",
            "evidence": "Certified copy seen and scanned",
        },
    )
    assert response.status_code == 200
    delegation = Delegation.objects.get(person=person)
    assert delegation.is_legal and delegation.reference == "OPG 1234/56"
    assert delegation.history.get().history_user == practitioner
    holder = delegation.delegate
    listing = main_text(client.get(reverse("people:delegates", args=[person.pk])))
    assert "Ann Lawson, her attorney" in listing and "Certified copy seen" in listing
    # The holder sees, and may not change.
    holder_client = acting_for(holder, person)
    assert "You are looking at Isla's plan as her attorney" in main_text(
        holder_client.get(reverse("me:home"))
    )
    assert (
        holder_client.post(reverse("me:step_add", args=[outcome.pk]), {"what": "x"}).status_code
        == 403
    )
    # Ending the authority ends the access.
    response = client.post(
        reverse("people:delegation_end", args=[delegation.pk]), {"reason": "Authority revoked"}
    )
    assert response.status_code == 302
    delegation.refresh_from_db()
    assert delegation.ended_by == practitioner and delegation.end_reason == "Authority revoked"
    assert holder_client.get(reverse("me:home")).status_code == 302


def test_staff_must_give_a_reason_to_end_an_access(practitioner, helper_delegation):
    response = signed_in(practitioner).post(
        reverse("people:delegation_end", args=[helper_delegation.pk]), {"reason": ""}
    )
    assert response.status_code == 200
    assert "<title>Error: " in response.content.decode()
    helper_delegation.refresh_from_db()
    assert helper_delegation.ended_at is None


def test_staff_and_the_person_cannot_be_made_delegates(person, person_user, practitioner):
    from pphw.people.services import delegation_grant

    for delegate in (person_user, practitioner):
        with pytest.raises(ValueError):
            delegation_grant(
                person=person, delegate=delegate, by=person_user, relationship="x", scope="see"
            )


def test_ending_twice_keeps_the_first_ending(helper_delegation, person_user, practitioner):
    delegation_end(delegation=helper_delegation, by=person_user, reason="First")
    delegation_end(delegation=helper_delegation, by=practitioner, reason="Second")
    helper_delegation.refresh_from_db()
    assert (helper_delegation.ended_by, helper_delegation.end_reason) == (person_user, "First")
    assert User.objects.filter(pk=helper_delegation.delegate_id).exists()  # nothing deleted


def test_a_see_only_delegate_sees_the_note_but_no_form(see_only, person):
    Preparation.objects.create(person=person, talk_about="The garden")
    response = acting_for(see_only, person).get(reverse("me:preparation"))
    assert "The garden" in main_text(response)
    assert "Save my note" not in main_text(response)


def test_a_delegate_is_not_offered_what_they_may_not_do(see_only, person, outcome):
    StepFactory(outcome=outcome, who=StepWho.PERSON, what="Phone Jean")
    text = main_text(acting_for(see_only, person).get(reverse("me:outcome", args=[outcome.pk])))
    assert "Change the words" not in text
    assert "I have done this" not in text
    assert "Add a small step" not in text


def test_what_changed_names_the_person_and_the_delegate_to_a_delegate(
    helper_delegation, kirsty, person, person_user, outcome
):
    signed_in(person_user).post(
        reverse("me:step_add", args=[outcome.pk]), {"what": "Isla's own step"}
    )
    client = acting_for(kirsty, person)
    client.post(reverse("me:step_add", args=[outcome.pk]), {"what": "Kirsty's step"})
    text = main_text(client.get(reverse("me:history")))
    assert "Isla added the small step “Isla's own step”" in text
    assert "Kirsty Campbell added the small step “Kirsty's step”" in text
