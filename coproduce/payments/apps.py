from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _forget_summaries(**kwargs):
    from .ledger import forget_summaries

    forget_summaries()


class PaymentsConfig(AppConfig):
    name = "coproduce.payments"
    label = "payments"
    verbose_name = "Payments"

    def ready(self):
        from coproduce.meetings.signals import attendance_saved
        from coproduce.people.services import person_joined

        from .navigation import register_navigation
        from .personal_data import register as register_personal_data
        from .project_section import register_section
        from .selectors import co_chairing, register_pay_activity
        from .services import choice_from_joining, claim_for_attendance
        from .work import forget_unclaimed, register_queues

        # In the attendance's own transaction: the claim commits with it or not at all.
        attendance_saved.connect(claim_for_attendance, dispatch_uid="payments-claims-from-attendance")
        person_joined.connect(choice_from_joining, dispatch_uid="payments-choice-from-joining")
        register_pay_activity(co_chairing)
        # Any saved claim may change the dashboard's figures (services' UPDATEs forget them themselves).
        post_save.connect(
            _forget_summaries, sender="payments.Claim", dispatch_uid="payments-forget-summaries"
        )
        post_delete.connect(
            _forget_summaries, sender="payments.Claim", dispatch_uid="payments-forget-summaries-deleted"
        )
        attendance_saved.connect(forget_unclaimed, dispatch_uid="payments-forget-unclaimed")
        for model in ("payments.Claim", "payments.PaymentChoice", "payments.BankDetails", "people.Person"):
            post_save.connect(forget_unclaimed, sender=model, dispatch_uid=f"payments-unclaimed-{model}")
        post_delete.connect(
            forget_unclaimed, sender="payments.BankDetails", dispatch_uid="payments-unclaimed-bank-deleted"
        )
        register_navigation()
        register_queues()
        register_personal_data()
        register_section()
