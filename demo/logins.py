"""The fixed demo sign-ins: one per role, one shared published password, one published two-factor secret.

These exist only in a demo database (`manage.py load_demo` refuses to run with DEBUG off unless told the
database is not production), so publishing them is the point: anyone trying the demo can sign in as any role.
"""

from base64 import b32encode
from dataclasses import dataclass

from coproduce.accounts.models import TWO_FACTOR_ROLES, Role

DEMO_PASSWORD = "wyvernshire-demo"
DEMO_DOMAIN = "demo.coproduce.test"
# 20 bytes, as authenticator apps expect. Base32 (for typing into an app): see demo_totp_secret_base32().
DEMO_TOTP_KEY = b"wyvernshire-demo-otp"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    full_name: str

    @property
    def needs_two_factor(self) -> bool:
        return self.role in TWO_FACTOR_ROLES


DEMO_LOGINS = (
    DemoLogin(Role.MEMBER, f"member@{DEMO_DOMAIN}", "Morwen Brackenridge"),
    DemoLogin(Role.CHAMPION, f"champion@{DEMO_DOMAIN}", "Cass Heatherwick"),
    DemoLogin(Role.BOARD_MEMBER, f"board@{DEMO_DOMAIN}", "Bea Fennelmere"),
    DemoLogin(Role.PROJECT_LEAD, f"lead@{DEMO_DOMAIN}", "Lio Marshfield"),
    DemoLogin(Role.OFFICER, f"officer@{DEMO_DOMAIN}", "Olwen Coppergate"),
    DemoLogin(Role.FINANCE_APPROVER, f"finance@{DEMO_DOMAIN}", "Fin Rookwood"),
    DemoLogin(Role.EVALUATOR, f"evaluator@{DEMO_DOMAIN}", "Eve Sedgeworth"),
    DemoLogin(Role.ADMINISTRATOR, f"admin@{DEMO_DOMAIN}", "Adair Willowby"),
)
DEMO_LOGIN_BY_ROLE = {login.role: login for login in DEMO_LOGINS}


def demo_totp_key_hex() -> str:
    return DEMO_TOTP_KEY.hex()


def demo_totp_secret_base32() -> str:
    return b32encode(DEMO_TOTP_KEY).decode()
