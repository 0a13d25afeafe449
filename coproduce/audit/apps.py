from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditConfig(AppConfig):
    name = "coproduce.audit"
    label = "audit"

    def ready(self):
        from coproduce.core import navigation

        from .db import register_sqlite_function
        from .rules import AUDIT_LOG

        connection_created.connect(register_sqlite_function, dispatch_uid="audit-sqlite-function")
        navigation.register(navigation.NavItem("Audit log", "audit:events", AUDIT_LOG, order=90))
