from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "coproduce.payments"
    label = "payments"
    verbose_name = "Payments"

    def ready(self):
        from coproduce.meetings.signals import attendance_recorded

        from .navigation import register_navigation
        from .personal_data import register as register_personal_data
        from .project_section import register_section
        from .services import on_attendance_recorded
        from .work import register_queues

        attendance_recorded.connect(on_attendance_recorded, dispatch_uid="payments-claims-from-attendance")
        register_navigation()
        register_queues()
        register_personal_data()
        register_section()
