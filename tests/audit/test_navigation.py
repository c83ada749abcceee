from django.urls import reverse


def test_it_links_leads_to_the_access_log(client, lead):
    client.force_login(lead)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("audit:log")}">Access log</a>' in page


def test_it_does_not_offer_practitioners_the_access_log(client, practitioner):
    client.force_login(practitioner)
    page = client.get(reverse("home")).content.decode()
    assert reverse("audit:log") not in page
