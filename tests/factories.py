"""factory_boy factories. Pages are created under the real library root and published."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from content.models import CaseStudyPage, ObjectionPage, PresentationPage, SegmentTag, StageTag
from content.services import library_root_get_or_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("pass-word-123")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))


def segment(name: str) -> SegmentTag:
    tag, _ = SegmentTag.objects.get_or_create(
        name=name, defaults={"slug": name.lower().replace(" ", "-")}
    )
    return tag


def stage(name: str) -> StageTag:
    return StageTag.objects.get(name=name)


class AssetPageFactory(factory.django.DjangoModelFactory):
    """Creates a live asset under the library root; ``live=False`` leaves a draft."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Asset {n}")
    summary = factory.Faker("sentence", nb_words=16)
    body = "<p>Body text.</p>"
    review_by = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=90))

    @classmethod
    def _create(cls, model_class, *args, live=True, segments=(), stages=(), groups=(), **kwargs):
        library = library_root_get_or_create()
        page = model_class(*args, **kwargs)
        page.live = False
        library.add_child(instance=page)
        for name in segments:
            page.segments.add(segment(name))
        for name in stages:
            page.stages.add(stage(name))
        if groups:
            page.visibility = model_class.Visibility.RESTRICTED
            page.visible_to_groups.set(Group.objects.filter(name__in=groups))
        revision = page.save_revision()
        if live:
            revision.publish()
        page.refresh_from_db()
        return page


class CaseStudyPageFactory(AssetPageFactory):
    class Meta:
        model = CaseStudyPage

    customer = factory.Faker("company")
    industry = "Healthcare"
    quote = "It paid for itself in a quarter."
    quote_author = "VP Operations"


class PresentationPageFactory(AssetPageFactory):
    class Meta:
        model = PresentationPage


class ObjectionPageFactory(AssetPageFactory):
    class Meta:
        model = ObjectionPage

    objection = "Your price is too high."
    short_answer = "Teams recover the cost within two quarters through saved hours."
    talk_track = "<p>Acknowledge, quantify, prove.</p>"


def play_create(
    *,
    title: str,
    items=(),
    segment_name: str | None = None,
    stage_name: str | None = None,
    owner=None,
    live: bool = True,
    **fields,
):
    """A play under the library with ``items`` ((asset, guidance) pairs, in order)."""
    from content.models import PlayItem, PlayPage

    library = library_root_get_or_create()
    play = PlayPage(
        title=title,
        summary=fields.pop("summary", f"When to run {title}."),
        segment=segment(segment_name) if segment_name else None,
        stage=stage(stage_name) if stage_name else None,
        owner_user=owner,
        **fields,
    )
    play.live = False
    for position, (asset, guidance) in enumerate(items):
        play.items.add(PlayItem(asset=asset, guidance=guidance, sort_order=position))
    library.add_child(instance=play)
    revision = play.save_revision()
    if live:
        revision.publish()
    play.refresh_from_db()
    return play
