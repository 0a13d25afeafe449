from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "coproduce.notifications"
    label = "notifications"
    verbose_name = "Messages to people"

    def ready(self):
        from .navigation import register_navigation
        from .personal_data import register as register_personal_data
        from .work import register_queues

        register_navigation()
        register_queues()
        register_personal_data()
