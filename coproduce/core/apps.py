from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "coproduce.core"
    label = "core"

    def ready(self):
        from . import navigation
        from .access import PUBLIC
        from .forms import refuse_line_breaks_in_single_line_fields, refuse_non_ascii_numbers
        from .rules import BACK_OFFICE

        navigation.register(
            navigation.NavItem("Home", "core:home", PUBLIC, order=0),
            navigation.NavItem("Manage", "core:manage", BACK_OFFICE, order=80),
        )
        refuse_non_ascii_numbers()
        refuse_line_breaks_in_single_line_fields()
