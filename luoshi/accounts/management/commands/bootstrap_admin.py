import getpass
import os

from django.core.management.base import BaseCommand, CommandError

from luoshi.accounts import selectors, services
from luoshi.core.errors import LuoshiError
from luoshi.core.roles import Role


class Command(BaseCommand):
    help = (
        "Production bootstrap: create the first system administrator, and nothing else. "
        "The password comes from LUOSHI_ADMIN_PASSWORD or is asked for."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, email, **options):
        if selectors.administrator_exists():
            raise CommandError("An administrator already exists; nothing was changed.")
        password = os.environ.get("LUOSHI_ADMIN_PASSWORD")
        if not password:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
        try:
            services.user_create(
                actor=None, username=username, password=password, role=Role.ADMIN, email=email
            )
        except LuoshiError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Administrator “{username}” created.")
