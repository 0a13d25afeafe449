"""Every app follows the one floor plan (docs/architecture.md, decision 0008), as test_url_policies.py
holds every URL to an access policy: module names from one list, services that take a keyword-only
`actor`, refusals from the one error base, and each side's templates in its own folder. A new app that
drifts fails here."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import coproduce
from coproduce.core.errors import ServiceError

ROOT = Path(coproduce.__file__).parent

# The floor plan (COMMON.md, docs/architecture.md): the only module names an app may have.
ALLOWED_MODULES = {
    "__init__.py", "apps.py", "admin.py",
    "models.py", "choices.py", "services.py", "selectors.py", "rules.py", "forms.py",
    "views_public.py", "views_member.py", "views_manage.py", "urls.py", "manage_urls.py", "api.py",
    "personal_data.py", "work.py", "navigation.py", "project_section.py", "emails.py", "tasks.py",
    "exports.py", "search.py",
}  # fmt: skip
ALLOWED_FOLDERS = {"migrations", "management", "templatetags", "templates", "__pycache__"}
SIDES = ("public", "member", "manage")
TEMPLATE_FOLDERS = {*SIDES, "emails", "pdf"}

# Domain modules of existing apps that are neither the app's reads nor its writes; one line each, with the
# reason. Prefer moving code into the standard modules to adding a line here.
EXTRA_MODULES = {
    "accounts/middleware.py": "the session-activity middleware named in settings.MIDDLEWARE",
    "accounts/receivers.py": "django.contrib.auth and axes signal receivers, connected in apps.ready",
    "accounts/user_agents.py": "parsing a browser's User-Agent into the sessions page's words",
    "api/serializers.py": "the API app's shared serializers (the apps' own are in their api.py)",
    "api/token_urls.py": "the token pages under /account/api-tokens/; the API app's urls.py is the API root",
    "audit/db.py": "the append-only triggers and the hash-chain lock, called from migrations",
    "meetings/ics.py": "meetings as calendar files, written with the icalendar package",
    "api/authentication.py": "token authentication tying a staff token to its second factor (DRF settings)",
    "api/schema.py": "the OpenAPI contract's schema class and error-response hook (SPECTACULAR_SETTINGS)",
    "meetings/signals.py": "attendance_recorded, the hook payments listens to",
    "meetings/uploads.py": "checking uploaded papers' bytes against their extension",
    "opportunities/reward.py": "what an advert pays, read from the payments rate card",
    "payments/benefits.py": "the benefit earnings-limit rules applied before approval",
    "payments/ledger.py": "the append-only double-entry ledger and its sums",
    "people/census.py": "loading and reading the Census 2021 baseline files",
    "people/imports.py": "reading and checking a spreadsheet of contacts before it is imported",
    "projects/sections.py": "the registry other apps add project page sections to",
}
# The shared kernel keeps its own list.
CORE_MODULES = {
    "__init__.py", "apps.py", "access.py", "context_processors.py", "crypto.py", "db.py", "errors.py",
    "forms.py", "markdown.py", "money.py", "navigation.py", "rules.py", "selectors.py", "services.py",
    "spreadsheets.py", "tasks.py", "uploads.py", "urls.py", "views_public.py", "views_manage.py", "work.py",
    "models.py", "parsers.py", "backups.py", "search.py", "links.py", "prepared.py",
}  # fmt: skip

# Public service functions that are not `verb(obj, *, actor, request=None)`, with the reason.
SERVICES_WITHOUT_ACTOR = {
    "accounts": "self-service sign-up, sign-in, passwords and two-factor: the person acting is the account "
    "itself, often before they are signed in",
    "api.create_token": "self-service: a person creates their own token",
    "audit.client_ip": "reads the client address for record(), which every service calls",
    "audit.record_denied_access": "the access middleware's own record of a refused request",
    "core.rotate_encryption_keys": "a maintenance command, run by the operator",
    "meetings.send_due_reminders": "run by a scheduled task, not by a person",
    "people.create_person_from_journey": "self-service: the account joining the network",
    "search": "the index follows saves and deletes through signal receivers and the rebuild command; "
    "no person acts",
}
# Services that take `actor` but no `request`, with the reason.
SERVICES_WITHOUT_REQUEST = {
    "payments.on_attendance_recorded": "a signal receiver: the meeting's service passes no request on",
    "payments.sync_claim_with_attendance": "called from the attendance signal, not from a page",
}
# Exceptions that are not a refusal shown to a person, with the reason.
ERRORS_NOT_REFUSALS = {
    "coproduce.payments.ledger.UnbalancedMovement": "a programming error: never written, never shown",
    "coproduce.core.crypto.DecryptionError": "the encryption keys are misconfigured: an operator's problem",
    "coproduce.people.census.CensusDataMissing": "the load_census command's missing files",
    "coproduce.core.backups.BackupError": "the backup and restore commands' failures, for the operator",
}


def apps() -> list[str]:
    return sorted(p.parent.name for p in ROOT.glob("*/apps.py"))


def drift(app: str, entries: list[tuple[str, bool]]) -> list[str]:
    """What in an app's folder is not on the floor plan: `entries` are (name, is_folder)."""
    problems = []
    for name, is_folder in entries:
        if is_folder:
            if name not in ALLOWED_FOLDERS:
                problems.append(f"{app}/{name}/ is not a floor-plan folder")
            continue
        if not name.endswith(".py"):
            continue
        allowed = CORE_MODULES if app == "core" else ALLOWED_MODULES
        if name not in allowed and f"{app}/{name}" not in EXTRA_MODULES:
            problems.append(f"{app}/{name} is not a floor-plan module (see docs/architecture.md)")
    return problems


def entries_of(app: str) -> list[tuple[str, bool]]:
    return [(p.name, p.is_dir()) for p in (ROOT / app).iterdir()]


@pytest.mark.parametrize("app", apps())
def test_every_app_has_only_floor_plan_modules(app):
    assert drift(app, entries_of(app)) == []


def test_a_drifting_app_fails_the_floor_plan():
    entries = [("models.py", False), ("views.py", False), ("manage_views.py", False), ("helpers", True),
               ("pages.py", False), ("views_member.py", False), ("ledger.py", False)]  # fmt: skip
    assert drift("newapp", entries) == [
        "newapp/views.py is not a floor-plan module (see docs/architecture.md)",
        "newapp/manage_views.py is not a floor-plan module (see docs/architecture.md)",
        "newapp/helpers/ is not a floor-plan folder",
        "newapp/pages.py is not a floor-plan module (see docs/architecture.md)",
        "newapp/ledger.py is not a floor-plan module (see docs/architecture.md)",
    ]


def test_the_allow_list_names_only_modules_that_exist():
    assert [name for name in EXTRA_MODULES if not (ROOT / name).exists()] == []


READS_ELSEWHERE = "(reads go in selectors.py)"


def service_problems(app: str, module) -> list[str]:
    """Public functions defined in a services module that do not take a keyword-only `actor`."""
    if app in SERVICES_WITHOUT_ACTOR:
        return []
    problems = []
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or function.__module__ != module.__name__:
            continue
        if f"{app}.{name}" in SERVICES_WITHOUT_ACTOR:
            continue
        parameters = inspect.signature(function).parameters
        actor = parameters.get("actor")
        if actor is None or actor.kind is not inspect.Parameter.KEYWORD_ONLY:
            problems.append(f"{module.__name__}.{name} takes no keyword-only actor {READS_ELSEWHERE}")
        elif "request" not in parameters and f"{app}.{name}" not in SERVICES_WITHOUT_REQUEST:
            problems.append(f"{module.__name__}.{name} takes no request (its audit row needs the address)")
    return problems


@pytest.mark.parametrize("app", [app for app in apps() if (ROOT / app / "services.py").exists()])
def test_every_service_takes_a_keyword_only_actor(app):
    assert service_problems(app, importlib.import_module(f"coproduce.{app}.services")) == []


def test_a_service_without_actor_or_a_read_in_services_fails_the_floor_plan():
    import types

    module = types.ModuleType("coproduce.newapp.services")
    exec(  # noqa: S102 - a made-up module, to show the check fails
        "def approve(claim, *, actor, request=None): pass\n"
        "def reject(claim, *, by, request=None): pass\n"
        "def reopen(claim, *, actor): pass\n"
        "def claims_waiting(): pass\n"
        "def _helper(x): pass\n",
        module.__dict__,
    )
    assert service_problems("newapp", module) == [
        "coproduce.newapp.services.claims_waiting takes no keyword-only actor (reads go in selectors.py)",
        "coproduce.newapp.services.reject takes no keyword-only actor (reads go in selectors.py)",
        "coproduce.newapp.services.reopen takes no request (its audit row needs the address)",
    ]


def all_modules():
    for info in pkgutil.walk_packages([str(ROOT)], prefix="coproduce."):
        if ".migrations" in info.name or info.name.endswith(("wsgi", "settings")):
            continue
        yield importlib.import_module(info.name)


def error_problems(classes) -> list[str]:
    return [
        f"{cls.__module__}.{cls.__qualname__} does not subclass coproduce.core.errors.ServiceError"
        for cls in classes
        if issubclass(cls, Exception)
        and not issubclass(cls, ServiceError)
        and f"{cls.__module__}.{cls.__qualname__}" not in ERRORS_NOT_REFUSALS
    ]


def test_every_error_class_in_coproduce_is_a_service_error():
    classes = {
        cls
        for module in all_modules()
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if cls.__module__ == module.__name__
    }
    assert error_problems(classes) == []


def test_an_error_with_another_base_fails_the_floor_plan():
    class ClaimError(ValueError):
        pass

    class ClaimRefused(ServiceError):
        pass

    assert error_problems([ClaimError, ClaimRefused]) == [
        f"{__name__}.test_an_error_with_another_base_fails_the_floor_plan.<locals>.ClaimError does not "
        "subclass coproduce.core.errors.ServiceError"
    ]


TEMPLATE_NAME = re.compile(r"""["']([a-z_]+)/([\w/.-]+\.(?:html|txt))["']""")


def template_problems(app: str, module_name: str, source: str, template_files: list[str]) -> list[str]:
    """A views_<side> module renders its own app's templates from <app>/<side>/ (or emails/, pdf/); every
    template of the app is in one of those folders."""
    problems = []
    side = module_name.removeprefix("views_").removesuffix(".py")
    for folder_app, rest in TEMPLATE_NAME.findall(source):
        if folder_app == app and rest.split("/")[0] not in (side, "emails", "pdf"):
            problems.append(f"{app}/{module_name} renders {app}/{rest}, not a template of {app}/{side}/")
    for name in template_files:
        parts = name.split("/")
        if len(parts) < 3 or parts[0] != app or parts[1] not in TEMPLATE_FOLDERS:
            problems.append(f"template {name} is not in {app}/{{public,member,manage,emails,pdf}}/")
    return problems


@pytest.mark.parametrize("app", [app for app in apps() if app != "core"])
def test_each_sides_templates_are_in_its_own_folder(app):
    folder = ROOT / app / "templates"
    files = [str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
    problems = []
    for side in SIDES:
        path = ROOT / app / f"views_{side}.py"
        source = path.read_text() if path.exists() else ""
        problems += template_problems(app, path.name, source, files if side == "public" else [])
    assert problems == []


def test_a_template_on_the_wrong_side_fails_the_floor_plan():
    source = 'render(request, "newapp/manage/list.html")\nrender(request, "newapp/member/mine.html")'
    assert template_problems(
        "newapp", "views_member.py", source, ["newapp/list.html", "newapp/pdf/x.html"]
    ) == [
        "newapp/views_member.py renders newapp/manage/list.html, not a template of newapp/member/",
        "template newapp/list.html is not in newapp/{public,member,manage,emails,pdf}/",
    ]


def test_routes_are_declared_in_urls_modules_only():
    """No view module builds routes (people's member routes were built in a function in a view module)."""
    offenders = []
    for path in ROOT.glob("*/views_*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "path",
                "re_path",
            ):
                offenders.append(f"{path.parent.name}/{path.name}:{node.lineno}")
    assert offenders == []
