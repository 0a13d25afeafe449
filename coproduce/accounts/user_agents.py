"""A short, human description of a browser from its User-Agent header ("Firefox on Windows")."""

import ipaddress

# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
_BROWSERS = [
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("FxiOS", "Firefox"),
    ("SamsungBrowser", "Samsung Internet"),
    ("CriOS", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
]


def _first_match(user_agent: str, table) -> str:
    for needle, name in table:
        if needle in user_agent:
            return name
    return ""


def describe(user_agent: str) -> str:
    user_agent = user_agent or ""
    browser = _first_match(user_agent, _BROWSERS)
    system = _first_match(user_agent, _SYSTEMS)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown browser"


def approximate_ip(ip: str | None) -> str:
    """Hide the last part of an address: enough to recognise a network, not a household."""
    if not ip:
        return "Unknown"
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "Unknown"
    if address.version == 4:
        return (
            str(ipaddress.ip_network(f"{address}/24", strict=False).network_address).rsplit(".", 1)[0] + ".x"
        )
    prefix = ipaddress.ip_network(f"{address}/48", strict=False).network_address
    return f"{prefix.compressed.rstrip(':')}:…"
