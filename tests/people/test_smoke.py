from django.urls import reverse


def test_it_lists_people_of_my_team(client, practitioner, person, other_person):
    client.force_login(practitioner)
    response = client.get(reverse("people:list"))
    assert response.status_code == 200
    assert person.family_name in response.content.decode()
    assert other_person.family_name not in response.content.decode()
