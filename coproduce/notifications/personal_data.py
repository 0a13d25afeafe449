"""Messages' part of a person's data: the log of every message we sent them (in the data download); on
erasure the addresses and the words sent are blanked, the log's rows stay for the programme's figures
(registered from NotificationsConfig.ready())."""

from coproduce.people import personal_data

from .models import Message

ERASED = ("address", "subject", "body", "link")


def download(person) -> dict[str, list[dict]]:
    rows = [
        {
            "message": message.template,
            "subject": message.subject,
            "body": message.body,
            "channel": message.get_channel_display(),
            "address": message.address,
            "status": message.get_status_display(),
            "created_at": message.created_at.isoformat(),
            "sent_at": message.sent_at.isoformat() if message.sent_at else None,
        }
        for message in Message.objects.filter(person=person).order_by("created_at", "id")
    ]
    return {"messages": rows} if rows else {}


def erase(person) -> list[str]:
    Message.objects.filter(person=person).update(**dict.fromkeys(ERASED, ""))
    return [f"messages.{name}" for name in ERASED]


def register():
    personal_data.register(
        "notifications",
        download=download,
        erase=erase,
        kept="A log that we sent you messages (when, and by which channel), without their words or your "
        "address.",
    )
