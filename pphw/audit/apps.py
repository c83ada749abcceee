from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pphw.audit"
    label = "audit"
    verbose_name = "Audit"
