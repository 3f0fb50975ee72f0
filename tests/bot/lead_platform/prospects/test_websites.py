"""One website, one prospect: however it is typed, a website normalises to one form and one key."""

from __future__ import annotations

import pytest

from bot.lead_platform.prospects.websites import (
    InvalidWebsite,
    name_from_website,
    normalise_website,
    site_key,
)


@pytest.mark.parametrize(("typed", "stored"), [
    ("example.com", "https://example.com"),
    ("HTTP://WWW.Example.COM/", "http://www.example.com"),
    ("https://example.com:443/contact/?utm=x#top", "https://example.com/contact"),
    ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ("https://café-durand.fr", "https://xn--caf-durand-d7a.fr"),
])
def test_normalised_form(typed: str, stored: str) -> None:
    assert normalise_website(typed) == stored


def test_spellings_of_one_site_share_a_key() -> None:
    keys = {site_key(normalise_website(w)) for w in
            ("example.com", "https://www.example.com/", "http://EXAMPLE.com", "www.example.com")}
    assert keys == {"example.com"}
    assert site_key(normalise_website("example.com/shop")) != site_key(normalise_website("example.com"))


@pytest.mark.parametrize("typed", ["", "not a site", "ftp://example.com", "https://user:pw@example.com",
                                   "localhost", "https://exa_mple.com", "https://example.com:99999"])
def test_what_is_not_a_website_is_refused_with_a_reason(typed: str) -> None:
    with pytest.raises(InvalidWebsite) as refused:
        normalise_website(typed)
    assert str(refused.value)


def test_a_name_from_the_domain() -> None:
    assert name_from_website("https://www.boulangerie-durand.fr") == "Boulangerie Durand"
