from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "pphw.people"
    label = "people"
    verbose_name = "People and teams"
