from django.apps import AppConfig


class MeConfig(AppConfig):
    name = "pphw.me"
    label = "me"
    verbose_name = "A person's own record"
