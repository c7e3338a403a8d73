from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from content.models import AssetPage
from content.previews import asset_preview_pages, page_as_dict
from content.selectors import objection_proof_points


class AssetPagePreviewSerializer(serializers.Serializer):
    """One rendered page or slide of the asset's file; images only through checked URLs."""

    number = serializers.IntegerField()
    thumbnail_url = serializers.URLField()
    image_url = serializers.URLField()


class AssetSerializer(serializers.Serializer):
    """One asset, whatever its type; type-specific fields under ``details``."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    type = serializers.CharField(source="asset_type")
    url = serializers.SerializerMethodField()
    summary = serializers.CharField()
    segments = serializers.SerializerMethodField()
    stages = serializers.SerializerMethodField()
    personas = serializers.SerializerMethodField()
    products = serializers.SerializerMethodField()
    language = serializers.CharField()
    owner = serializers.SerializerMethodField()
    review_by = serializers.DateField(allow_null=True)
    last_published_at = serializers.DateTimeField(allow_null=True)
    attachment = serializers.SerializerMethodField()
    details = serializers.SerializerMethodField()
    page_count = serializers.SerializerMethodField()
    pages = serializers.SerializerMethodField()

    def _user(self):
        request = self.context.get("request")
        return request.user if request is not None else None

    def get_url(self, asset: AssetPage) -> str:
        return asset.get_url(request=self.context.get("request"))

    def get_segments(self, asset: AssetPage) -> list[str]:
        return asset.segment_names()

    def get_stages(self, asset: AssetPage) -> list[str]:
        return asset.stage_names()

    def get_personas(self, asset: AssetPage) -> list[str]:
        return sorted(tag.name for tag in asset.personas.all())

    def get_products(self, asset: AssetPage) -> list[str]:
        return sorted(tag.name for tag in asset.products.all())

    def get_owner(self, asset: AssetPage) -> str | None:
        return asset.owner_user.get_username() if asset.owner_user else None

    def get_attachment(self, asset: AssetPage) -> dict | None:
        document = asset.attachment
        if document is None:
            return None
        return {
            "title": document.title,
            "kind": document.kind,
            "url": document.url,
            "pages": document.page_count,
            "text_extraction": document.extraction_status,
        }

    def _pages(self, asset: AssetPage) -> list:
        if not hasattr(asset, "_api_pages"):
            asset._api_pages = asset_preview_pages(asset=asset)
        return asset._api_pages

    def get_page_count(self, asset: AssetPage) -> int | None:
        """Pages (or slides) of the file; null without a file or before it is read."""
        document = asset.attachment
        if document is None:
            return None
        return document.page_count or len(self._pages(asset)) or None

    @extend_schema_field(AssetPagePreviewSerializer(many=True))
    def get_pages(self, asset: AssetPage) -> list[dict]:
        request = self.context.get("request")
        absolute = request.build_absolute_uri if request is not None else (lambda url: url)
        pages = []
        for page in self._pages(asset):
            item = page_as_dict(asset_id=asset.pk, page=page)
            pages.append(
                {
                    "number": item["number"],
                    "thumbnail_url": absolute(item["thumbnail_url"]),
                    "image_url": absolute(item["image_url"]),
                }
            )
        return pages

    def get_details(self, asset: AssetPage) -> dict:
        if asset.asset_type == "case_study":
            return {
                "customer": asset.customer,
                "industry": asset.industry,
                "results": [{"metric": m, "value": v} for m, v in asset.result_pairs()],
                "quote": asset.quote,
                "quote_author": asset.quote_author,
            }
        if asset.asset_type == "objection":
            return {
                "objection": asset.objection,
                "short_answer": asset.short_answer,
                # Linked case studies the caller may not see come back as null.
                "proof_points": [
                    {
                        "claim": item["claim"],
                        "case_study_id": item["case_study"].pk if item["case_study"] else None,
                    }
                    for item in objection_proof_points(objection=asset, user=self._user())
                ],
            }
        if asset.asset_type == "presentation":
            return {"slide_count": asset.slide_count}
        return {}
