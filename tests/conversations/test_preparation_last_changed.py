"""Staff see when the person last changed their note before the next conversation."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from conversations.models import Preparation
from conversations.services import preparation_save


def test_it_shows_staff_the_date_the_note_was_last_changed(
    client, practitioner, person, person_user
):
    written = timezone.now() - datetime.timedelta(days=5)
    note = Preparation(person=person, talk_about="My sleep", created_at=written)
    note._history_user = person_user
    note.save()
    note.history.update(history_date=written)
    client.force_login(practitioner)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert f"Written {date_format(timezone.localtime(written), 'j F Y')};" in page
    assert "last changed" not in page

    preparation_save(
        person=person,
        by=person_user,
        talk_about="My sleep, and the garden",
        matters_most="",
        going_well="",
        preparation=note,
        expected_version=note.version,
    )
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    today = date_format(timezone.localdate(), "j F Y")
    assert f"; last changed {today}" in page
    assert "My sleep, and the garden" in page
