"""Emptying the demo programme between two loads in one test. Rows that protect others go first."""

from django.apps import apps

from coproduce.audit.db import audit_maintenance

# Each model's rows point (with PROTECT) at the models after it. A new app whose rows protect people,
# accounts or projects adds its models here, in front of what they point at.
DELETE_ORDER = (
    "audit.AuditEvent",  # services the demo calls (e.g. evaluation's surveys) audit with a person as actor
    "notifications.Message",
    "notifications.LetterBatch",
    "programme.Signature",
    "programme.ConcordatVersion",
    "programme.Challenge",
    "programme.PlanItem",
    "programme.Recruitment",
    "programme.TermsOfReference",
    "programme.BoardTerm",
    "programme.ShiftNote",
    "programme.ShiftRecord",
    "programme.Sponsor",
    "programme.Commitment",
    "programme.TeamMember",
    "programme.Programme",
    "evaluation.AnnualReport",
    "evaluation.ShiftRating",
    "evaluation.AssessmentRound",
    "evaluation.Survey",
    "evaluation.Evidence",
    "evaluation.DiversitySnapshot",
    "evaluation.Aim",
    "search.SearchEntry",
    "handbook.HelpLink",
    "handbook.Term",
    "handbook.ResourceFile",
    "handbook.Resource",
    "handbook.CoAuthor",
    "handbook.Feedback",
    "handbook.PageVersion",
    "handbook.Page",
    "handbook.Section",
    "payments.LedgerTotal",
    "payments.LedgerEntry",
    "payments.ExpenseLine",
    "payments.Correction",
    "payments.Claim",
    "payments.PaymentBatch",
    "payments.PaymentChoice",
    "payments.BankDetails",
    "payments.CostCentre",
    "payments.ActivityRate",
    "payments.ExpenseRate",
    "payments.BenefitLimit",
    "network.Recruit",
    "network.Activity",
    "network.Recommendation",
    "network.Induction",
    "network.EventBooking",
    "network.OutreachContact",
    "network.OutreachPartner",
    "network.Newsletter",
    "network.Champion",
    "network.Pledge",
    "network.Community",
    "network.Organisation",
    "network.Area",
    "training.Feedback",
    "training.Booking",
    "training.CoTrainer",
    "training.CoDesigner",
    "training.Material",
    "training.Session",
    "training.Course",
    "meetings.Action",
    "meetings.Decision",
    "meetings.Attendance",
    "meetings.Registration",
    "meetings.Meeting",
    "meetings.Venue",
    "meetings.BodyMembership",
    "opportunities.Opportunity",
    "projects.Project",
    "people.Person",
    "accounts.User",
)


def delete_demo_rows(down_to: str = "accounts.User") -> None:
    """Delete every row of the models in DELETE_ORDER, in order, stopping after `down_to`.

    The ledger refuses DELETE; the test-only maintenance switch lets a test empty it."""
    with audit_maintenance():
        for label in DELETE_ORDER[: DELETE_ORDER.index(down_to) + 1]:
            apps.get_model(label).objects.all().delete()
