"""Training courses in site search (coproduce.core.search): an active course is public (its page is);
a course taken off the list leaves the index."""

from coproduce.core import search
from coproduce.core.links import link

from .models import Course


def _course(course: Course) -> search.Document | None:
    if not course.active:
        return None
    return search.Document(
        title=course.title,
        text=f"{course.summary}\n{course.learning_outcomes}",
        summary=course.summary[:200],
        key=course.slug,
    )


search.register(
    search.Kind(
        key="course",
        label="Training courses",
        model=Course,
        document=_course,
        rows=lambda: Course.objects.filter(active=True),
        url=lambda user, hit: link("training:course", args=[hit.key]),
        order=45,
    )
)
