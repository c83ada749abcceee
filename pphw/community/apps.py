from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "pphw.community"
    label = "community"
    verbose_name = "What the community offers"
