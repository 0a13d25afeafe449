#!/usr/bin/env python
import os
import sys

# Commands that only read the code (models, migrations, settings) never sign or check anything, so they may
# run without DJANGO_SECRET_KEY: a developer or CI can ask whether models and migrations agree anywhere.
CODE_ONLY_COMMANDS = {"makemigrations", "check"}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
    if sys.argv[1:2] and sys.argv[1] in CODE_ONLY_COMMANDS:
        os.environ.setdefault("DJANGO_SECRET_KEY", "unused-by-code-only-commands")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
