from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "coproduce.opportunities"
    label = "opportunities"
    verbose_name = "Opportunities"

    def ready(self):
        from .navigation import register_navigation
        from .project_section import register_section

        register_navigation()
        register_section()
