from django.apps import AppConfig
from django.db.models.signals import post_save

# What a saved row of another app changes in the summary rows: a refresh of that kind is queued, debounced
# (tasks.queue_refresh), so the dashboards follow the data without a per-request aggregate.
REFRESH_AFTER_SAVE = {
    "meetings.BodyMembership": ("diversity",),
    "people.Person": ("diversity",),
    "projects.TeamMember": ("diversity",),
    "projects.Project": ("indicators",),
    "payments.Claim": ("indicators", "diversity"),
    "training.Booking": ("indicators",),
    "network.Champion": ("indicators",),
    "programme.Challenge": ("indicators",),
}


def _following() -> bool:
    from django.conf import settings

    return settings.EVALUATION_FOLLOWS_CHANGES


def _refresh(*kinds):
    def receiver(**kwargs):
        from .tasks import queue_refresh

        if not _following():
            return

        for kind in kinds:
            queue_refresh(kind)

    return receiver


def _after_attendance(attendance, **kwargs):
    """Attendance changes who was involved and the hours; once someone is marked present at a meeting that
    has ended, the meeting's survey is sent (a task, once per meeting and person)."""
    from coproduce.meetings.choices import AttendanceStatus

    from .tasks import queue_meeting_survey, queue_refresh

    if not _following():
        return
    queue_refresh("indicators")
    queue_refresh("diversity")
    if attendance.status == AttendanceStatus.PRESENT:
        queue_meeting_survey(attendance.meeting_id)


def _after_project_saved(instance, **kwargs):
    from coproduce.projects.choices import Stage

    from .tasks import queue_project_survey

    if not _following():
        return
    if instance.stage == Stage.CLOSED:
        queue_project_survey(instance.pk)


class EvaluationConfig(AppConfig):
    name = "coproduce.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation"

    def ready(self):
        from coproduce.meetings.signals import attendance_recorded
        from coproduce.payments.selectors import register_pay_activity
        from coproduce.people.services import person_joined

        from .navigation import register_navigation
        from .personal_data import register as register_personal_data
        from .project_section import register_section
        from .selectors import peer_research_pay, register_builtin

        register_builtin()
        register_navigation()
        register_personal_data()
        register_section()
        # Peer researchers' sessions are claimed at the peer research rate (decided where the claim is made).
        register_pay_activity(peer_research_pay)
        attendance_recorded.connect(_after_attendance, dispatch_uid="evaluation-after-attendance")
        person_joined.connect(_refresh("indicators"), weak=False, dispatch_uid="evaluation-person-joined")
        post_save.connect(
            _after_project_saved, sender="projects.Project", dispatch_uid="evaluation-project-closed"
        )
        for model, kinds in REFRESH_AFTER_SAVE.items():
            post_save.connect(_refresh(*kinds), sender=model, weak=False, dispatch_uid=f"evaluation-{model}")
