from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "enablement.home"
    label = "home"
    verbose_name = _("A rep's home")

    def ready(self) -> None:
        from content.extensions import register_asset_page_block
        from enablement.home.views import library_home_section
        from search.extensions import library_home_register

        # /library/ without a query opens on the rep's home (search asks, we answer).
        library_home_register(library_home_section)
        # The star on every asset page.
        register_asset_page_block(slot="actions", template_name="home/_star.html", position=10)
