from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _new_generation(**kwargs):
    """A person was saved or deleted: the directory's shared counts are from before it (selectors)."""
    from django.core.cache import cache

    from .selectors import PEOPLE_GENERATION_KEY

    try:
        cache.incr(PEOPLE_GENERATION_KEY)
    except ValueError:
        cache.set(PEOPLE_GENERATION_KEY, 2, None)


class PeopleConfig(AppConfig):
    name = "coproduce.people"
    label = "people"
    verbose_name = "People"

    def ready(self):
        from .navigation import register_navigation

        register_navigation()
        post_save.connect(_new_generation, sender="people.Person", dispatch_uid="people-generation-saved")
        post_delete.connect(_new_generation, sender="people.Person", dispatch_uid="people-generation-deleted")
