from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pphw.accounts"
    label = "accounts"
    verbose_name = "Accounts and sign-in"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from pphw.accounts.signin import on_user_logged_in, on_user_logged_out

        user_logged_in.connect(on_user_logged_in, dispatch_uid="pphw.accounts.signed_in")
        user_logged_out.connect(on_user_logged_out, dispatch_uid="pphw.accounts.signed_out")
