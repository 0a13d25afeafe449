from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "coproduce.training"
    label = "training"
    verbose_name = "Training"

    def ready(self):
        from coproduce.meetings.signals import attendance_recorded

        from .navigation import register_navigation
        from .personal_data import register as register_personal_data
        from .services import on_attendance_recorded

        register_navigation()
        register_personal_data()
        # Connected after payments' receiver (training comes after payments in INSTALLED_APPS), so the claim
        # that receiver writes exists when this one sets it to the training rates.
        attendance_recorded.connect(on_attendance_recorded, dispatch_uid="training-pay-co-trainers")
