from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "coproduce.programme"
    label = "programme"
    verbose_name = "Programme and board"

    def ready(self):
        from .navigation import register_navigation
        from .personal_data import register as register_personal_data
        from .project_section import register_section
        from .work import register_queues

        register_navigation()
        register_queues()
        register_personal_data()
        register_section()
