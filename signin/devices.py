"""A short name for the device behind a session ("Firefox on Windows"), read from its User-Agent.

A handful of rules cover the browsers a municipality's offices and phones use; anything else is shown as
it is, shortened, rather than guessed.
"""

from django.utils.translation import gettext as _

# Order matters: Edge and Opera also say Chrome, Chrome also says Safari, Android also says Linux.
BROWSERS = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
            ("Chromium/", "Chromium"), ("Safari/", "Safari")]  # fmt: skip
SYSTEMS = [("Windows", "Windows"), ("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"),
           ("CrOS", "ChromeOS"), ("Mac OS X", "macOS"), ("Linux", "Linux")]  # fmt: skip


def describe(user_agent: str) -> str:
    browser = next((name for token, name in BROWSERS if token in user_agent), "")
    system = next((name for token, name in SYSTEMS if token in user_agent), "")
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or user_agent[:60] or _("Unknown device")
