"""The fixed lists the handbook is described with."""

from django.db import models


class Visibility(models.TextChoices):
    PUBLIC = "public", "Anyone (public)"
    STAFF = "staff", "Staff only (the back office)"


class Step(models.TextChoices):
    """Workflow steps that may show a "Help with this step" link. Editors choose the page for each step
    (manage/handbook/help-links/); a step with no page shows no link."""

    PROJECT_REQUEST = "project_request", "Asking for co-production support (the project request form)"
    TRIAGE = "triage", "Triage of a project request"
    PROJECT_RATING = "project_rating", "Rating a project on the ladder of participation"
    GROUP_AGREEMENT = "group_agreement", "Writing the team's group agreement"
    PROJECT_JARGON = "project_jargon", "Keeping the project's jargon buster"
    ADVERTISE = "advertise", "Advertising an opportunity"
    EXPRESS_INTEREST = "express_interest", "Saying you are interested in an opportunity"
    SELECTION = "selection", "Choosing people for an opportunity (selection)"
    ARRANGE_MEETING = "arrange_meeting", "Arranging a meeting"
    ATTENDANCE = "attendance", "Recording attendance"
    CLAIM = "claim", "Making a payment claim"
    CLAIM_APPROVAL = "claim_approval", "Approving payment claims"
    PAYMENT_CHOICE = "payment_choice", "Choosing how to be paid"


class ResourceFormat(models.TextChoices):
    STANDARD = "standard", "Standard"
    EASY_READ = "easy_read", "Easy read"
    LARGE_PRINT = "large_print", "Large print"
    AUDIO = "audio", "Audio"
    BRAILLE = "braille", "Braille-ready"
    WORD = "word", "Editable (Word or OpenDocument)"
    PLAIN_TEXT = "plain_text", "Plain text"


class Generated(models.TextChoices):
    """Documents written from the programme's own settings (its name, contacts, rates and limits in force)."""

    PROJECT_PLAN = "project_plan", "Project plan template"
    GROUP_AGREEMENT = "group_agreement", "Group agreement template"
    EASY_READ_MEETING_GUIDE = "easy_read_meeting_guide", "Easy read guide to meetings"
    REWARD_POLICY = "reward_policy", "Reward and recognition policy"
    BENEFITS_LETTER = "benefits_letter", "The benefits letter explained"
    GROUND_RULES = "ground_rules", "Ground rules for meetings"
    JARGON_BUSTER = "jargon_buster", "Jargon buster"
