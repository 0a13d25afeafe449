"""The fixed lists courses, sessions, bookings and feedback are described with."""

from django.db import models


class Audience(models.TextChoices):
    STAFF = "staff", "Staff"
    MEMBERS = "members", "Members"
    CHAMPIONS = "champions", "Champions"
    BOARD = "board", "Board members"
    PARTNERS = "partners", "Partner organisations"


class CourseFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    ELEARNING = "elearning", "E-learning (a link)"


class TrainerRole(models.TextChoices):
    LEAD = "lead", "Lead trainer"
    CO_TRAINER = "co_trainer", "Co-trainer"
    SUPPORT = "support", "Support and access"


class TrainerKind(models.TextChoices):
    """Co-trainers with lived experience are paid for delivery and preparation; staff deliver in work time."""

    LIVED_EXPERIENCE = "lived_experience", "Person with lived experience (paid)"
    STAFF = "staff", "Member of staff (not paid)"


class LearnerRole(models.TextChoices):
    """Who the learner is, for "who has been trained" reports."""

    STAFF = "staff", "Staff"
    MEMBER = "member", "Member"
    CHAMPION = "champion", "Champion"
    BOARD = "board", "Board member"
    PARTNER = "partner", "Partner organisation"


# Learner roles that must say their department and organisation.
WORKPLACE_ROLES = frozenset({LearnerRole.STAFF, LearnerRole.PARTNER})


class Rating(models.IntegerChoices):
    VERY_POOR = 1, "Very poor"
    POOR = 2, "Poor"
    OK = 3, "OK"
    GOOD = 4, "Good"
    VERY_GOOD = 5, "Very good"


class EasyRating(models.IntegerChoices):
    """The easy-read form's words for the same five points."""

    VERY_POOR = 1, "Really bad"
    POOR = 2, "Bad"
    OK = 3, "OK"
    GOOD = 4, "Good"
    VERY_GOOD = 5, "Really good"


class FeedbackSource(models.TextChoices):
    ONLINE = "online", "Online form"
    EASY_READ = "easy_read", "Easy read online form"
    PAPER = "paper", "Paper form, typed in by an officer"
