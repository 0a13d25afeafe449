"""The programme's part of a person's data: their board terms, their way onto the board and their
concordat signatures (registered from ProgrammeConfig.ready())."""

from coproduce.people import personal_data

from .models import BoardTerm, Recruitment, Signature


def _iso(value):
    return value.isoformat() if value else None


def download(person) -> dict[str, list[dict]]:
    parts = {
        "board_terms": [
            {
                "role": term.get_role_display(),
                "organisation": term.organisation,
                "starts_on": _iso(term.starts_on),
                "ends_on": _iso(term.ends_on),
                "left_on": _iso(term.left_on),
            }
            for term in BoardTerm.objects.filter(person=person).order_by("starts_on", "id")
        ],
        "board_recruitment": [
            {
                "step": row.get_step_display(),
                **{f"{name}": _iso(day) for name, day in row.step_dates()},
                "stopped_on": _iso(row.stopped_on),
                "notes": row.notes,
            }
            for row in Recruitment.objects.filter(person=person).order_by("interest_on", "id")
        ],
        "concordat_signatures": [
            {
                "version": signature.version.number,
                "name": signature.name,
                "role": signature.role,
                "organisation": signature.organisation,
                "email": signature.email,
                "signed_on": _iso(signature.signed_on),
                "listed": signature.listed,
            }
            for signature in Signature.objects.filter(person=person).select_related("version").order_by("id")
        ],
    }
    return {name: rows for name, rows in parts.items() if rows}


def erase(person) -> list[str]:
    # A signature stays (the version's count of signatories does not change) but no longer names anyone.
    for signature in Signature.objects.filter(person=person):
        signature.name, signature.role, signature.email, signature.listed = (
            f"Erased signatory {signature.pk}",
            "",
            "",
            False,
        )
        signature.save(update_fields=["name", "signatory_key", "role", "email", "listed"])
    Recruitment.objects.filter(person=person).update(notes="")
    return [
        "concordat_signatures.name",
        "concordat_signatures.role",
        "concordat_signatures.email",
        "concordat_signatures.listed",
        "board_recruitment.notes",
    ]


def register():
    personal_data.register(
        "programme",
        download=download,
        erase=erase,
        kept="The dates and roles of your board terms are kept as a record of who sat on the board.",
    )
