from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "coproduce.projects"
    label = "projects"
    verbose_name = "Projects"

    def ready(self):
        from .navigation import register_navigation
        from .personal_data import register as register_personal_data
        from .sections import register_placeholders
        from .work import register_queues

        register_navigation()
        register_queues()
        register_personal_data()
        register_placeholders()
