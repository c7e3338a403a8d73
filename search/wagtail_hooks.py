"""Wagtail admin: Marketing keeps the search synonyms and segment aliases."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from search.models import SearchSynonym, SegmentAlias


class SearchSynonymViewSet(SnippetViewSet):
    """Words that mean the same to searchers ("HIPAA = protected health information");
    applied at query time on both backends, so a change needs no reindexing."""

    model = SearchSynonym
    icon = "openquote"
    menu_label = _("Synonyms")
    panels = [FieldPanel("terms")]
    list_display = ["terms", "updated_at"]
    search_fields = ["terms"]
    copy_view_enabled = False


class SegmentAliasViewSet(SnippetViewSet):
    """Other words for a segment ("bank" → Financial Services): such a query word boosts
    the segment's assets and offers its filter."""

    model = SegmentAlias
    icon = "tag"
    menu_label = _("Segment aliases")
    panels = [FieldPanel("alias"), FieldPanel("segment")]
    list_display = ["alias", "segment"]
    search_fields = ["alias"]
    copy_view_enabled = False


class SearchVocabularyGroup(SnippetViewSetGroup):
    items = (SearchSynonymViewSet, SegmentAliasViewSet)
    menu_icon = "search"
    menu_label = _("Search")
    menu_order = 260


register_snippet(SearchVocabularyGroup)
