from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.module_loading import autodiscover_modules


class SearchConfig(AppConfig):
    name = "coproduce.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from coproduce.core import search

        from . import services

        # Each app's search.py registers its kinds.
        autodiscover_modules("search")
        search.set_refresher(services.refresh)
        for kind in search.kinds():
            if not kind.indexed:
                continue
            uid = f"search:{kind.key}"
            post_save.connect(services.saved(kind), sender=kind.model, weak=False, dispatch_uid=uid)
            post_delete.connect(services.deleted(kind), sender=kind.model, weak=False, dispatch_uid=uid)
            for model, related in kind.follows.items():
                post_save.connect(
                    services.followed(kind, related),
                    sender=model,
                    weak=False,
                    dispatch_uid=f"{uid}:{model._meta.label}",
                )
