"""What the browser tests share: signing in through the login page as a user would."""

from __future__ import annotations

from tests.factories import PASSWORD


def log_in(
    page, base: str, username: str, password: str = PASSWORD, *, lands_on: str | None = None
) -> None:
    """Sign ``username`` in on ``page`` (a Playwright page) through the login form at ``base``.

    With ``lands_on`` (a path such as "/scholen/"), wait until the browser shows that page.
    """
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Aanmelden").click()
    if lands_on is not None:
        page.wait_for_url(f"{base}{lands_on}")
