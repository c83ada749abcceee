from __future__ import annotations

from django.contrib.staticfiles import finders


def test_it_sends_favicon_requests_to_the_static_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url == "/static/img/favicon.ico"
    icon = finders.find("img/favicon.ico")
    assert icon is not None
    with open(icon, "rb") as file:
        assert file.read(4) == b"\x00\x00\x01\x00"  # an ICO file's header


def test_it_names_the_icon_on_every_page(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.ico" sizes="32x32">' in page
