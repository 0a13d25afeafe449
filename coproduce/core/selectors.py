from django.db.models import Count

from coproduce.accounts.models import Role, RoleGrant


def back_office_summary() -> dict:
    counts = dict(RoleGrant.objects.values_list("role").annotate(n=Count("id")).values_list("role", "n"))
    return {"roles": [{"label": label, "count": counts.get(value, 0)} for value, label in Role.choices]}
