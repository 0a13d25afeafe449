from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coproduce.accounts"
    label = "accounts"

    def ready(self):
        from coproduce.core import navigation

        from . import receivers  # noqa: F401  (connects the sign-in signal)
        from .rules import MANAGE_ACCOUNTS

        navigation.register(navigation.NavItem("Accounts", "accounts_manage:list", MANAGE_ACCOUNTS, order=85))
