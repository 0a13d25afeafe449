from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "coproduce.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .navigation import register_navigation
        from .personal_data import register as register_personal_data
        from .project_section import register_section
        from .signals import attendance_saved
        from .work import forget_attendance_not_recorded, register_queues

        attendance_saved.connect(forget_attendance_not_recorded, dispatch_uid="meetings-forget-unrecorded")
        post_save.connect(
            forget_attendance_not_recorded,
            sender="meetings.Meeting",
            dispatch_uid="meetings-unrecorded-meeting",
        )
        post_delete.connect(
            forget_attendance_not_recorded,
            sender="meetings.Attendance",
            dispatch_uid="meetings-unrecorded-gone",
        )
        register_navigation()
        register_queues()
        register_personal_data()
        register_section()
