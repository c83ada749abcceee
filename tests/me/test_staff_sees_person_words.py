from __future__ import annotations

from django.urls import reverse

from conversations.models import Preparation
from outcomes.models import Reflection
from tests.factories import OutcomeFactory


def test_the_person_page_shows_what_the_person_wrote_labelled_as_theirs(
    client, practitioner, person, person_user, outcome
):
    Reflection.objects.create(outcome=outcome, author=person_user, text="Much better", rating=7)
    Preparation.objects.create(person=person, talk_about="My bus pass", going_well="Sleep")
    client.force_login(practitioner)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "What Isla wrote" in page
    assert "Much better" in page and "rated 7 out of 10" in page
    assert "My bus pass" in page and "Sleep" in page
    assert "not talked about yet" in page


def test_the_person_page_costs_the_same_queries_with_many_reflections(
    client, practitioner, person, person_user, django_assert_max_num_queries
):
    client.force_login(practitioner)
    client.get(reverse("people:detail", args=[person.pk]))
    counts = []
    for size in (1, 20):
        for _ in range(size):
            outcome = OutcomeFactory(person=person)
            Reflection.objects.create(outcome=outcome, author=person_user, text="Note")
            Preparation.objects.create(person=person, talk_about="Talk")
        with django_assert_max_num_queries(40) as captured:
            client.get(reverse("people:detail", args=[person.pk]))
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_outcome_page_shows_the_persons_reflections_in_their_words(
    client, practitioner, person_user, outcome
):
    Reflection.objects.create(
        outcome=outcome, author=person_user, text="<b>Loud</b> week", rating=3
    )
    client.force_login(practitioner)
    page = client.get(reverse("outcomes:detail", args=[outcome.pk])).content.decode()
    assert "In Isla's words: how it is going" in page
    assert "&lt;b&gt;Loud&lt;/b&gt; week" in page and "rated 3 out of 10" in page


def test_the_preparation_note_tag_shows_only_a_note_not_yet_talked_about(db, person, practitioner):
    from django.template import Context, Template

    from tests.factories import ConversationFactory

    template = Template("{% load person_words %}{% preparation_note person %}")
    assert "before this conversation" not in template.render(Context({"person": person}))
    note = Preparation.objects.create(person=person, talk_about="My bus pass")
    assert "My bus pass" in template.render(Context({"person": person}))
    note.conversation = ConversationFactory(person=person, practitioner=practitioner)
    note.save()
    assert "My bus pass" not in template.render(Context({"person": person}))
