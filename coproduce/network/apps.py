from django.apps import AppConfig


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
