"""The interface language: the header's switch, the saved choice, Accept-Language."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def rep(client):
    from django.contrib.auth.models import Group

    from content.groups import SALES

    user = get_user_model().objects.create_user("ania", password="pw-Secret-123")
    user.groups.add(Group.objects.get_or_create(name=SALES)[0])
    return user


def test_english_is_the_default(client, rep):
    client.force_login(rep)
    response = client.get(reverse("library:search"))
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()
    assert "Sign out" in response.content.decode()


def test_accept_language_picks_polish_for_a_visitor(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="pl,en;q=0.5")
    body = response.content.decode()
    assert 'lang="pl"' in body
    assert "Zaloguj się" in body


def test_the_switch_changes_the_language_and_saves_it_in_the_profile(client, rep):
    client.force_login(rep)
    response = client.post(
        reverse("set_language"), {"language": "pl", "next": reverse("library:search")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("library:search")
    assert UserProfile.get_for_user(rep).preferred_language == "pl"
    body = client.get(reverse("library:search")).content.decode()
    assert 'lang="pl"' in body
    assert "Wyloguj się" in body

    # The saved choice follows the user to a new session on another browser, over the
    # browser's own Accept-Language.
    client.logout()
    client.cookies.clear()
    client.force_login(rep)
    body = client.get(reverse("library:search"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="pl"' in body

    client.post(reverse("set_language"), {"language": "en", "next": "/library/"})
    assert UserProfile.get_for_user(rep).preferred_language == "en"
    assert 'lang="en"' in client.get(reverse("library:search")).content.decode()


def test_a_visitor_switch_sets_the_cookie_only(client):
    response = client.post(reverse("set_language"), {"language": "pl", "next": "/login/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "pl"
    assert not UserProfile.objects.exists()
    assert 'lang="pl"' in client.get(reverse("login")).content.decode()


@pytest.mark.parametrize(
    "language", ["de", "", "pl\x00", "' OR 1=1 --", "p" * 10_000, "EN", "pl-xx-evil"]
)
def test_unknown_languages_change_nothing(client, rep, language):
    client.force_login(rep)
    response = client.post(reverse("set_language"), {"language": language, "next": "/library/"})
    assert response.status_code == 302
    assert UserProfile.objects.filter(user=rep).exclude(preferred_language="").count() == 0
    assert 'lang="en"' in client.get(reverse("library:search")).content.decode()


def test_the_switch_refuses_get_and_foreign_redirects(client, rep):
    client.force_login(rep)
    assert client.get(reverse("set_language"), {"language": "pl"}).status_code == 405
    response = client.post(
        reverse("set_language"), {"language": "pl", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_the_header_shows_the_switch(client, rep):
    client.force_login(rep)
    body = client.get(reverse("library:search")).content.decode()
    assert 'action="/i18n/setlang/"' in body
    assert 'value="pl"' in body and ">Polski<" in body
