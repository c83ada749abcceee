from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "pphw.records"
    label = "records"
    verbose_name = "Records management"
