from django.apps import AppConfig
from django.db.models.signals import post_save


def _forget_summaries(**kwargs):
    from .ledger import forget_summaries

    forget_summaries()


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
        # Any saved claim may change the dashboard's figures (services' UPDATEs forget them themselves).
        post_save.connect(
            _forget_summaries, sender="payments.Claim", dispatch_uid="payments-forget-summaries"
        )
        register_navigation()
        register_queues()
        register_personal_data()
        register_section()
