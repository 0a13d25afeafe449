#!/usr/bin/env python
import os
import sys

# Commands that only read the code (models, migrations, settings) never sign, check, encrypt or decrypt
# anything, so they may run without DJANGO_SECRET_KEY and the other secrets: a developer or CI
# can ask whether models and migrations agree anywhere.
CODE_ONLY_COMMANDS = {"makemigrations", "check"}
# A well-formed Fernet key (32 zero bytes) that encrypts nothing.
UNUSED_FERNET_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
    if sys.argv[1:2] and sys.argv[1] in CODE_ONLY_COMMANDS:
        os.environ.setdefault("DJANGO_SECRET_KEY", "unused-by-code-only-commands")
        os.environ.setdefault("COPRODUCE_FIELD_ENCRYPTION_KEYS", UNUSED_FERNET_KEY)
        os.environ.setdefault("COPRODUCE_AUDIT_KEY", "unused-by-code-only-commands")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
