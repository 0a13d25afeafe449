"""Training's part of a person's data: their bookings and courses done (with any feedback they gave), the
sessions they delivered and the courses they co-designed (registered from TrainingConfig.ready())."""

from coproduce.people import personal_data

from . import selectors
from .models import Booking, CoDesigner, Feedback


def _iso(value):
    return value.isoformat() if value else None


def _booking_rows(person) -> list[dict]:
    rows = []
    feedback = {f.booking_id: f for f in Feedback.objects.filter(booking__person=person)}
    for booking in reversed(selectors.training_of(person)):
        given = feedback.get(booking.pk)
        rows.append(
            {
                "course": booking.session.course.title,
                "starts_at": _iso(booking.session.starts_at),
                "booking": booking.registration.get_status_display(),
                "attended": booking.attended,
                "role": booking.get_role_display(),
                "department": booking.department,
                "organisation": booking.organisation.name if booking.organisation_id else "",
                "feedback": None
                if given is None
                else {
                    "overall": given.overall,
                    "learned": given.learned,
                    "accessible": given.accessible,
                    "went_well": given.went_well,
                    "could_be_better": given.could_be_better,
                    "source": given.get_source_display(),
                },
            }
        )
    return rows


def _delivered_rows(person) -> list[dict]:
    return [
        {
            "course": row.session.course.title,
            "starts_at": _iso(row.session.starts_at),
            "role": row.get_role_display(),
            "preparation_hours": str(row.preparation_hours),
        }
        for row in reversed(selectors.delivered_by(person))
    ]


def _designed_rows(person) -> list[dict]:
    return [
        {
            "course": row.course.title,
            "contribution": row.contribution,
            "named_on_course_page": row.consents_to_credit,
        }
        for row in CoDesigner.objects.filter(person=person).select_related("course").order_by("id")
    ]


def download(person) -> dict[str, list[dict]]:
    parts = {
        "training_courses": _booking_rows(person),
        "training_delivered": _delivered_rows(person),
        "training_co_designed": _designed_rows(person),
    }
    return {name: rows for name, rows in parts.items() if rows}


def erase(person) -> list[str]:
    """Free text and workplace are blanked and credits withdrawn; bookings, ratings and who delivered what
    stay (unnamed) so the programme's figures do not change."""
    Feedback.objects.filter(booking__person=person).update(went_well="", could_be_better="")
    Booking.objects.filter(person=person).update(department="")
    CoDesigner.objects.filter(person=person).update(consents_to_credit=False, contribution="")
    return [
        "training_feedback.went_well",
        "training_feedback.could_be_better",
        "training_bookings.department",
        "training_co_designers.consents_to_credit",
        "training_co_designers.contribution",
    ]


def involvement(person):
    booked, done, delivered = selectors.courses_done(person)
    if not booked and not delivered:
        return None
    context = {"done": done[:5], "done_count": len(done), "delivered": delivered}
    return personal_data.Involvement("training/member/_involvement.html", context)


def register():
    personal_data.register(
        "training",
        download=download,
        erase=erase,
        involvement=involvement,
        kept=(
            "Training: the courses you booked and attended and your ratings, without your comments or "
            "workplace."
        ),
    )
