from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditConfig(AppConfig):
    name = "coproduce.audit"
    label = "audit"

    def ready(self):
        from .db import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="audit-sqlite-function")
