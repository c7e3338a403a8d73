from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from content.selectors import assets_visible_to


@login_required
def library_search(request):
    assets = assets_visible_to(user=request.user).specific().order_by("title")[:50]
    return render(request, "search/library.html", {"assets": assets})
