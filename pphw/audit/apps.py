from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pphw.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from pphw.audit.throttle import forget_username_failures

        user_logged_in.connect(forget_username_failures, dispatch_uid="pphw.audit.forget_failures")
