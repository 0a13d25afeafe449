"""Handbook pages and resources in site search (coproduce.core.search): public ones for anyone, staff-only
ones for the back office."""

from coproduce.core import search
from coproduce.core.links import link
from coproduce.core.prepared import Prepared

from .choices import Visibility
from .models import Page, Resource
from .selectors import is_staff_reader


def _page(page: Page) -> search.Document:
    return search.Document(
        title=page.title,
        text=f"{page.summary}\n{page.body}\n{page.easy_read}",
        summary=page.summary,
        key=page.slug,
    )


def _resource(resource: Resource) -> search.Document:
    return search.Document(
        title=resource.title,
        text=resource.description,
        summary=resource.description[:200],
        key=resource.slug if resource.generated else "",
    )


def _visible(model):
    public = Prepared(lambda: model.objects.filter(visibility=Visibility.PUBLIC).values("pk"))

    def visible(user):
        if is_staff_reader(user):
            return search.EVERYTHING
        return public().bind()

    return visible


def _resource_url(user, hit) -> str:
    if hit.key:
        return link("handbook:generated", args=[hit.key])
    return link("handbook:resources") + f"#resource-{hit.object_id}"


search.register(
    search.Kind(
        key="handbook_page",
        label="Handbook",
        model=Page,
        document=_page,
        rows=lambda: Page.objects.all(),
        visible=_visible(Page),
        url=lambda user, hit: link("handbook:page", args=[hit.key]),
        order=40,
    ),
    search.Kind(
        key="resource",
        label="Templates and resources",
        model=Resource,
        document=_resource,
        rows=lambda: Resource.objects.all(),
        visible=_visible(Resource),
        url=_resource_url,
        order=41,
    ),
)
