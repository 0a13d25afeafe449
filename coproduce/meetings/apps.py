from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "coproduce.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self):
        from .navigation import register_navigation
        from .personal_data import register as register_personal_data
        from .project_section import register_section
        from .work import register_queues

        register_navigation()
        register_queues()
        register_personal_data()
        register_section()
