"""Evaluation's part of a person's data: evidence that quotes or shows them, their survey answers (when the
survey was not anonymous) and what they recorded as a peer researcher (registered from ready())."""

from coproduce.people import personal_data

from .models import Evidence, SurveyInvitation, SurveyResponse


def download(person) -> dict[str, list[dict]]:
    evidence = Evidence.objects.filter(person=person).order_by("collected_on", "id")
    responses = (
        SurveyResponse.objects.filter(person=person)
        .select_related("survey")
        .prefetch_related("answers__question")
        .order_by("submitted_at", "id")
    )
    invitations = (
        SurveyInvitation.objects.filter(person=person).select_related("survey").order_by("sent_at", "id")
    )
    recorded = []
    if person.user_id:
        recorded = Evidence.objects.filter(collected_by_id=person.user_id, by_peer_researcher=True).order_by(
            "collected_on", "id"
        )
    return {
        "evaluation_evidence_about_you": [
            {
                "kind": e.get_kind_display(),
                "title": e.title,
                "text": e.text,
                "collected_on": e.collected_on.isoformat(),
                "withdrawn": bool(e.withdrawn_at),
            }
            for e in evidence
        ],
        "survey_answers": [
            {
                "survey": r.survey.title,
                "submitted_at": r.submitted_at.isoformat(),
                "answers": [
                    {"question": a.question.text, "answer": a.rating or a.choice or a.text}
                    for a in r.answers.all()
                ],
            }
            for r in responses
        ],
        "surveys_sent_to_you": [
            {"survey": i.survey.title, "sent_at": i.sent_at.isoformat()} for i in invitations
        ],
        "peer_research_notes": [
            {"title": e.title, "text": e.text, "collected_on": e.collected_on.isoformat()} for e in recorded
        ],
    }


def erase(person) -> list[str]:
    """Delete quotes and photos of the person; unlink other evidence and survey answers from them (the
    answers stay, anonymous, so results do not change)."""
    changed = []
    quotes = Evidence.objects.filter(person=person)
    if quotes.exists():
        Evidence.objects.filter(person=person, kind__in=["quote", "photo"]).delete()
        Evidence.objects.filter(person=person).update(person=None)
        changed.append("evaluation.evidence")
    if SurveyResponse.objects.filter(person=person).update(person=None):
        changed.append("evaluation.survey_responses")
    if SurveyInvitation.objects.filter(person=person).delete()[0]:
        changed.append("evaluation.survey_invitations")
    return changed


def register() -> None:
    personal_data.register(
        "evaluation",
        download=download,
        erase=erase,
        kept="Survey answers stay, no longer linked to you, so results do not change; "
        "quotes and photos of you are deleted.",
    )
