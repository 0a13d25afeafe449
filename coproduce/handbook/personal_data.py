"""The handbook's part of a person's data: feedback they gave (with their comments) and the pages they are
credited on (registered from HandbookConfig.ready())."""

from coproduce.people import personal_data

from .models import CoAuthor, Feedback


def download(person) -> dict[str, list[dict]]:
    parts = {}
    if person.user_id:
        parts["handbook_feedback"] = [
            {
                "page": row.page.title,
                "useful": row.useful,
                "comment": row.comment,
                "given_at": row.given_at.isoformat(),
            }
            for row in Feedback.objects.filter(given_by_id=person.user_id).select_related("page")
        ]
    parts["handbook_credits"] = [
        {
            "page": row.page.title,
            "name": row.name,
            "description": row.description,
            "agreed_to_be_named": row.consents,
        }
        for row in CoAuthor.objects.filter(person=person).select_related("page")
    ]
    return {name: rows for name, rows in parts.items() if rows}


def erase(person) -> list[str]:
    """Their credits go (the page no longer names them); their feedback stays as an unsigned count, with
    the comment blanked (it may identify them)."""
    CoAuthor.objects.filter(person=person).delete()
    if person.user_id:
        Feedback.objects.filter(given_by_id=person.user_id).update(comment="", given_by=None)
    return ["handbook_credits", "handbook_feedback.comment"]


def register():
    personal_data.register(
        "handbook",
        download=download,
        erase=erase,
        kept="Whether you found handbook pages useful, without your name or comments.",
    )
