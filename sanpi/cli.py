"""The `sanpi` command: Django's management commands under one name.

`sanpi gen --projects 1000` is `manage.py gen --projects 1000`; every sub-command lives as a
management command in the app it belongs to.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sanpi", *sys.argv[1:]])


if __name__ == "__main__":
    main()
