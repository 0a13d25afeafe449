"""People in site search, for officers only (coproduce.core.search): the directory's own normalised name,
email, phone and postcode search (selectors.search_ids), not the full-text index."""

from coproduce.core import search
from coproduce.core.links import link

from .models import Person
from .rules import DIRECTORY
from .selectors import search_ids


def _find(user, query, limit):
    ids = search_ids(query)
    if ids is None:
        return []
    people = (
        Person.objects.current()
        .filter(id__in=ids)
        .only("id", "full_name", "preferred_name", "postcode", "name_search")
        .order_by("name_search", "id")[:limit]
    )
    return [
        search.Hit(
            "person",
            person.pk,
            person.full_name + (f" ({person.preferred_name})" if person.preferred_name else ""),
            person.postcode,
            "",
        )
        for person in people
    ]


search.register(
    search.Kind(
        key="person",
        label="People",
        find=_find,
        url=lambda user, hit: link("people_manage:record", args=[hit.object_id]),
        policy=DIRECTORY,
        order=60,
    )
)
