from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "coproduce.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation"

    def ready(self):
        from .navigation import register_navigation
        from .personal_data import register as register_personal_data
        from .project_section import register_section
        from .selectors import register_builtin

        register_builtin()
        register_navigation()
        register_personal_data()
        register_section()
