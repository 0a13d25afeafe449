from django.apps import AppConfig


class HandbookConfig(AppConfig):
    name = "coproduce.handbook"
    label = "handbook"
    verbose_name = "Handbook"

    def ready(self):
        from .navigation import register_navigation
        from .personal_data import register as register_personal_data

        register_navigation()
        register_personal_data()
