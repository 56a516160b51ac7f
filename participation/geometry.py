"""Grid boundaries as GeoJSON polygons (WGS84), checked with shapely."""

from django.utils.translation import gettext as _


def polygon_errors(value) -> list[str]:
    """What is wrong with a GeoJSON Polygon value, in words an administrator can act on."""
    if not isinstance(value, dict) or value.get("type") != "Polygon":
        return [_('The boundary must be a GeoJSON object with "type": "Polygon".')]
    rings = value.get("coordinates")
    if not isinstance(rings, list) or not rings or not isinstance(rings[0], list):
        return [_("The boundary needs a list of coordinate rings.")]
    try:
        points = [(float(lng), float(lat)) for lng, lat in rings[0]]
    except (TypeError, ValueError):
        return [_("Every point must be a [longitude, latitude] pair of numbers.")]
    if len(points) < 4 or points[0] != points[-1]:
        return [_("A ring needs at least 4 points and must end where it starts.")]
    if any(not (-180 <= lng <= 180 and -90 <= lat <= 90) for lng, lat in points):
        return [_("Longitudes must be within ±180 and latitudes within ±90.")]
    # Imported here: shapely and numpy cost every web worker ~20 MB, and only the admin needs them.
    from shapely.geometry import Polygon

    if not Polygon(points).is_valid:
        return [_("The boundary crosses itself; draw it as a simple shape.")]
    return []
