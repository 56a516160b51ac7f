"""What every map of the site is given (`{{ map|json_script:"map-config" }}`): the tiles and view
from settings.PORTAL_MAP, and the words Leaflet would otherwise show in English (its zoom
buttons, marker, popup close button and attribution), in the reader's language. The page's
static/js/leaflet_i18n.js makes them Leaflet's defaults before any map is drawn."""

from django.conf import settings
from django.utils.translation import gettext, gettext_noop

# The attribution of the default tiles (settings.PORTAL_MAP), so it is in the catalogue; an
# attribution configured by MAP_TILE_ATTRIBUTION is shown as it is unless translated too.
gettext_noop("© OpenStreetMap contributors")


def map_texts() -> dict[str, str]:
    return {
        "zoomIn": gettext("Zoom in"),
        "zoomOut": gettext("Zoom out"),
        "marker": gettext("Marker"),
        "closePopup": gettext("Close popup"),
        "leafletTitle": gettext("A JavaScript library for interactive maps"),
    }


def map_config() -> dict:
    """settings.PORTAL_MAP for the reader: its attribution and Leaflet's words translated."""
    attribution = settings.PORTAL_MAP["attribution"]
    return {
        **settings.PORTAL_MAP,
        # gettext("") would answer the catalogue's header.
        "attribution": gettext(attribution) if attribution else "",
        "texts": map_texts(),
    }
