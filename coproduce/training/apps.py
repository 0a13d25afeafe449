from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "coproduce.training"
    label = "training"
    verbose_name = "Training"

    def ready(self):
        from coproduce.payments.selectors import register_pay_activity

        from .navigation import register_navigation
        from .personal_data import register as register_personal_data
        from .selectors import pay_activity_for

        register_navigation()
        register_personal_data()
        # Co-trainers with lived experience are paid at the training delivery (or preparation) rate, staff
        # trainers and learners for expenses only: decided where the claim is made, in its transaction.
        register_pay_activity(pay_activity_for)
