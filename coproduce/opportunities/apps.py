from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "coproduce.opportunities"
    label = "opportunities"
    verbose_name = "Opportunities"

    def ready(self):
        from .navigation import register_navigation

        register_navigation()
