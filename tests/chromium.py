"""Debian's chromium for the tests that need a real browser: the flags that keep it headless and
off the network (this machine reaches no other host, and no browser is ever downloaded)."""

CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
