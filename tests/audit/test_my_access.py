import pytest
from django.template import Context, Template
from django.urls import reverse

from pphw.audit.models import RecordAccess

URL = reverse("audit:my_access")


@pytest.fixture
def looks(practitioner, lead, person, other_person, stranger):
    return [
        RecordAccess.objects.create(user=practitioner, person=person, page="person"),
        RecordAccess.objects.create(user=lead, person=person, page="outcome"),
        RecordAccess.objects.create(user=stranger, person=other_person, page="person"),
    ]


def test_it_shows_a_person_who_has_looked_at_their_record(client, person_user, looks):
    client.force_login(person_user)
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Callum Fraser" in text
    assert "Morag MacLeod" in text
    assert "Team lead, North" in text
    assert "Practitioner, North" in text
    assert "Record summary" in text
    assert "Ravi" not in text
    # Staff addresses are not shown to the person.
    assert "127.0.0.1" not in text


def test_it_calls_the_persons_own_download_theirs(client, person_user, person):
    RecordAccess.objects.create(user=person_user, person=person, page="export")
    client.force_login(person_user)
    text = client.get(URL).content.decode()
    assert "You" in text
    assert "Download of all the data" in text


def test_it_hides_from_staff(client, practitioner):
    client.force_login(practitioner)
    assert client.get(URL).status_code == 404


def test_it_sends_anonymous_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_renders_the_latest_looks_for_the_me_pages(
    person_user, person, looks, django_assert_num_queries
):
    template = Template("{% load audit %}{% who_looked person limit=1 %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"person": person}))
    assert "Who has looked at my record" in html
    assert "Morag MacLeod (Team lead, North)" in html
    assert "Callum" not in html
    assert reverse("audit:my_access") in html


def test_it_shows_the_latest_looks_on_the_persons_home_page(client, person_user, looks):
    client.force_login(person_user)
    text = client.get(reverse("me:home")).content.decode()
    assert "Who has looked at my record" in text
    assert "Morag MacLeod (Team lead, North)" in text
    assert reverse("audit:my_access") in text
