import time

from django.urls import reverse

from pphw.middleware import IDLE_KEY


def test_it_signs_out_after_thirty_idle_minutes(client, practitioner, person):
    client.force_login(practitioner)
    session = client.session
    session[IDLE_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_it_keeps_an_active_session(client, practitioner, person):
    client.force_login(practitioner)
    session = client.session
    session[IDLE_KEY] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200


def test_it_tells_the_user_why_they_were_signed_out(client, practitioner):
    client.force_login(practitioner)
    session = client.session
    session[IDLE_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("people:list"), follow=True)
    assert "You were signed out after 30 minutes without activity." in response.content.decode()
