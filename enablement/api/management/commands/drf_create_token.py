"""``manage.py drf_create_token USERNAME [-r]``: DRF's command, for hashed tokens.

DRF's own command prints the user's one stored plain-text key. Keys are now kept only as
digests, so this one makes a new named token each time (``-r`` / ``--reset`` first revokes
the tokens this command made for that user) and prints its key once, in DRF's words.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from enablement.api.selectors import api_tokens_active
from enablement.api.services import api_token_create, api_token_revoke

COMMAND_TOKEN_NAME = "manage.py drf_create_token"


class Command(BaseCommand):
    help = "Create an API token for USERNAME (shown once; stored as a digest)."

    def add_arguments(self, parser):
        parser.add_argument("username", type=str)
        parser.add_argument(
            "-r",
            "--reset",
            action="store_true",
            dest="reset_token",
            default=False,
            help="Revoke the tokens this command made for the user before making a new one",
        )

    def handle(self, *args, username: str, reset_token: bool, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"Cannot create the Token: user {username} does not exist") from None
        if reset_token:
            for token in api_tokens_active(user=user).filter(name__startswith=COMMAND_TOKEN_NAME):
                api_token_revoke(token=token, by=None)
        name = f"{COMMAND_TOKEN_NAME}, {timezone.now():%Y-%m-%d %H:%M:%S}"
        _, key = api_token_create(user=user, name=name)
        self.stdout.write(f"Generated token {key} for user {username}")
