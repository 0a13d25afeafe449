"""The fixed lists evaluation is described with."""

from django.db import models

from coproduce.programme import choices as programme_choices

# The seven shifts are the programme's own list; the self-assessment rates the same ones.
Shift = programme_choices.Shift


class IndicatorKind(models.TextChoices):
    COMPUTED = "computed", "Worked out by the platform"
    MANUAL = "manual", "Recorded by hand"


class Unit(models.TextChoices):
    NUMBER = "number", "Number"
    PERCENT = "percent", "Percentage"
    MONEY = "money", "Money (£)"
    DAYS = "days", "Days"
    HOURS = "hours", "Hours"
    SCORE = "score", "Score"


class EvidenceKind(models.TextChoices):
    QUOTE = "quote", "Quote"
    CASE_STUDY = "case_study", "Case study"
    INTERVIEW = "interview", "Interview notes"
    OBSERVATION = "observation", "Observation"
    DOCUMENT = "document", "Document"
    PHOTO = "photo", "Photo"


# Evidence that shows or quotes a named person needs that person's consent for the purpose (people's
# ConsentPurpose values): a withdrawn consent hides it from every page, report and export.
CONSENT_PURPOSE_FOR_KIND = {
    EvidenceKind.QUOTE: "quotes",
    EvidenceKind.PHOTO: "photos",
}


class QuestionKind(models.TextChoices):
    RATING = "rating", "Rating from 1 to 5"
    CHOICE = "choice", "Choose one answer"
    TEXT = "text", "Free text"


class ResponseMethod(models.TextChoices):
    ONLINE = "online", "Online, by link"
    PAPER = "paper", "On paper, typed in by an officer"
    PHONE = "phone", "By phone, typed in by an officer"


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Rater(models.TextChoices):
    BOARD = "board", "The co-production board"
    TEAM = "team", "The co-production team"


RATING_LABELS = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
}
EASY_READ_RATING_LABELS = {1: "No, not at all", 2: "No", 3: "Not sure", 4: "Yes", 5: "Yes, very much"}

SHIFT_SCORES = {
    1: "1 - not started",
    2: "2 - early days",
    3: "3 - getting there",
    4: "4 - mostly in place",
    5: "5 - how we work",
}

# The five questions every new participant-experience survey starts with (text, easy-read text).
DEFAULT_QUESTIONS = (
    ("I was listened to.", "People listened to me."),
    ("I was treated as an equal.", "I was treated the same as everyone else."),
    ("The meeting met my access needs.", "I got the help I needed to take part."),
    ("I was paid on time and correctly.", "I got the right money at the right time."),
    ("I can see what changed because of us.", "I can see what changed because of what we said."),
)
