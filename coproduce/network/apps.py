from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class NetworkConfig(AppConfig):
    name = "coproduce.network"
    label = "network"
    verbose_name = "Champions network"

    def ready(self):
        from coproduce.meetings import selectors as meeting_selectors
        from coproduce.people import forms as people_forms
        from coproduce.people import services as people_services

        from . import forms, selectors, services
        from .navigation import register_navigation
        from .personal_data import register as register_personal_data
        from .work import register_queues

        people_services.person_joined.connect(services.count_recruit, dispatch_uid="network.count_recruit")
        people_forms.register_attribution_field("recruited_by", forms.recruited_by_field)
        meeting_selectors.add_support_source(selectors.booked_places)
        register_navigation()
        register_queues()
        register_personal_data()
        for model in ("network.Champion", "network.Area", "network.Organisation"):
            for signal, when in ((post_save, "saved"), (post_delete, "deleted")):
                signal.connect(
                    selectors.forget_register, sender=model, dispatch_uid=f"network-register-{model}-{when}"
                )
        post_save.connect(
            selectors.forget_activity_count, sender="network.Activity", dispatch_uid="network-activity-saved"
        )
        post_delete.connect(
            selectors.forget_activity_count,
            sender="network.Activity",
            dispatch_uid="network-activity-deleted",
        )
