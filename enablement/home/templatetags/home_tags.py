from django import template

from enablement.home.models import Favourite

register = template.Library()


@register.simple_tag(takes_context=True)
def asset_starred(context, asset) -> bool:
    """Whether the current user starred ``asset`` (one query, on asset pages)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return Favourite.objects.filter(user=user, asset_id=asset.pk).exists()
