from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "coproduce.opportunities"
    label = "opportunities"
    verbose_name = "Opportunities"

    def ready(self):
        from .navigation import register_navigation
        from .personal_data import register as register_personal_data
        from .project_section import register_section
        from .work import register_queues

        register_navigation()
        register_queues()
        register_personal_data()
        register_section()
