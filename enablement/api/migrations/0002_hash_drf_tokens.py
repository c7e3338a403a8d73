"""Existing DRF tokens (stored in plain text) become hashed ``APIToken``s; the plain
copies are deleted. Their keys keep working: a key is looked up by its digest."""

from django.conf import settings
from django.db import migrations
from django.utils.crypto import salted_hmac
from wagtail.models.api import KEY_SALT

PREFIX_LENGTH = 12


def hash_drf_tokens(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    APIToken = apps.get_model("wagtailcore", "APIToken")
    for token in Token.objects.all().iterator():
        api_token = APIToken.objects.create(
            user_id=token.user_id,
            name="Made with manage.py drf_create_token (before tokens were hashed)",
            key_hash=salted_hmac(
                KEY_SALT, token.key, secret=settings.SECRET_KEY, algorithm="sha256"
            ).hexdigest(),
            prefix=token.key[:PREFIX_LENGTH],
        )
        # keep the token's age (``created`` is auto_now_add)
        APIToken.objects.filter(pk=api_token.pk).update(created=token.created)
    Token.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("wagtailcore", "0098_apitoken"),
    ]

    # Irreversible in substance (a digest cannot give the key back): going back leaves the
    # hashed tokens in place.
    operations = [migrations.RunPython(hash_drf_tokens, migrations.RunPython.noop)]
