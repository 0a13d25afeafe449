"""The "Payments" section of a project's page (registered with coproduce.projects.sections): the
involvement budget against the money approved and paid for the project's meetings, from the ledger.

Money figures are for the co-production team, finance approvers, the project's leads and the board (totals
only, never one person's payments: coproduce.projects.rules "projects.see_money"); team members see no
figures about others, only the way to their own payments."""

from coproduce.projects import sections

from . import ledger
from .ledger import ZERO
from .rules import MEMBER_PAYMENTS, is_payments_office


def sees_project_money(user, project) -> bool:
    return bool(is_payments_office(user) or user.has_perm("projects.see_money", project))


def section_context(project, request) -> dict:
    user = request.user
    if not sees_project_money(user, project):
        return {"shows_money": False, "links_own_payments": MEMBER_PAYMENTS.allows(user)}
    money = ledger.project_money(project.pk)
    budget = project.involvement_budget
    return {
        "shows_money": True,
        "budget": budget,
        "approved": money["approved"],
        "paid": money["paid"],
        "owed": money["approved"] - money["paid"],
        "left": None if budget is None else max(budget - money["approved"], ZERO),
        "over": None if budget is None else max(money["approved"] - budget, ZERO),
    }


def register_section() -> None:
    sections.register(
        sections.ProjectSection(
            key="payments",
            title="Payments",
            template="payments/member/project_section.html",
            context=section_context,
            order=30,
        )
    )
