"""Forms of the API tokens page."""

from __future__ import annotations

import unicodedata

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError

from enablement.api.selectors import MAX_ACTIVE_TOKENS, api_tokens_active


def _no_control_characters(value: str) -> None:
    # Django's CharField already refuses NUL; tabs, escapes and the like in a label that
    # is shown back in lists and logs are as unwelcome.
    if any(unicodedata.category(character) == "Cc" for character in value):
        raise ValidationError("Use letters, digits, spaces and punctuation only.")


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="Token name",
        help_text="What the token is for, e.g. “Salesforce sync” or “my laptop script”.",
        validators=[_no_control_characters],
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        active = api_tokens_active(user=self.owner)
        if active.filter(name=name).exists():
            raise ValidationError("A token with this name already exists. Pick another name.")
        if active.count() >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                f"At most {MAX_ACTIVE_TOKENS} tokens can be active. Revoke one you no longer use."
            )
        return name


class IntegrationUserForm(forms.Form):
    username = forms.CharField(
        max_length=150,
        label="Integration user name",
        help_text="Letters, digits and @ . + - _ only, e.g. “salesforce-sync”.",
        validators=[UnicodeUsernameValidator()],
    )
    description = forms.CharField(
        max_length=200,
        required=False,
        label="What it is for",
        validators=[_no_control_characters],
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError("A user with this name already exists.")
        return username
