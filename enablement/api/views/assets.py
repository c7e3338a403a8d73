from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.generics import RetrieveAPIView

from content.selectors import assets_visible_to
from enablement.api.permissions import IsLibraryMember
from enablement.api.serializers import AssetSerializer


@extend_schema(tags=["assets"], summary="One live asset the caller may see")
class AssetDetailView(RetrieveAPIView):
    serializer_class = AssetSerializer
    permission_classes = [IsLibraryMember]

    def get_object(self):
        asset = (
            assets_visible_to(user=self.request.user)
            .filter(pk=self.kwargs["pk"])
            .select_related("owner_user", "attachment")
            .first()
        )
        if asset is None:
            raise Http404("No such asset, or you may not see it.")
        return asset.specific
