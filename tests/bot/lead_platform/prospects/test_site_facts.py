"""Site facts from a real local website over real HTTP: language, e-mail, contact form, chat widget;
robots.txt obeyed, a size limit, and no private address unless allowed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.lead_platform.prospects import fetching
from bot.lead_platform.prospects.fetching import Disallowed, Refused, SiteClient, is_public
from bot.lead_platform.prospects.site_facts import SiteFacts, language, read_page, read_site
from tests.support.business_site import BusinessSite


@pytest.fixture(scope="module")
def site() -> Iterator[BusinessSite]:
    with BusinessSite() as running:
        yield running


def client(*, allow_private: bool = True, max_bytes: int = 200_000) -> SiteClient:
    return SiteClient(timeout=5.0, max_bytes=max_bytes, allow_private=allow_private)


def test_the_homepage_and_its_contact_page(site: BusinessSite) -> None:
    with client() as reader:
        facts = read_site(site.url + "/old-home", client=reader)  # a redirect to the homepage first
    assert facts == SiteFacts("ok", language="fr", contact_email="bonjour@boulangerie-durand.fr",
                              form_url=site.url + "/contact", chat_widget="tawk.to",
                              business_name="Boulangerie Durand")
    assert facts.has_chat_widget
    # robots.txt was read once; the disallowed admin page was never visited.
    assert site.visits.count("/robots.txt") == 1 and "/private/admin" not in site.visits


def test_robots_size_limit_and_private_addresses(site: BusinessSite) -> None:
    with client() as reader:
        with pytest.raises(Disallowed):
            reader.get(site.url + "/private/admin")
        assert read_site(site.url + "/private/admin", client=reader).status == "disallowed"
    with client(max_bytes=50_000) as reader:
        page = reader.get(site.url + "/big")
        assert page.truncated and len(page.text) == 50_000
    with client(allow_private=False) as reader:
        with pytest.raises(Refused, match=r"127\.0\.0\.1, which is not a public address"):
            reader.get(site.url)
        facts = read_site(site.url, client=reader)
    assert facts.status == "refused" and facts.has_chat_widget is None
    assert site.visits.count("/") == 1  # only the allowed read reached the site


def test_addresses_that_are_not_public() -> None:
    for address in ("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                    "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1"):
        assert not is_public(address), address
    assert is_public("8.8.8.8") and is_public("2001:4860:4860::8888")
    with pytest.raises(Refused):
        fetching.checked_address("localhost", 80, allow_private=False)


def test_unreachable_sites_say_why() -> None:
    with client() as reader:
        facts = read_site("http://127.0.0.1:9", client=reader)  # nothing listens on the discard port
    assert facts.status == "unreachable" and facts.error


def test_reading_a_page_without_its_scripts() -> None:
    page = read_page("""<html><head><script>window.intercomSettings = {app_id: "x"};</script></head>
        <body><p>We are open every day and we answer you from our shop in town.</p>
        <p>Write to sales@shop.example or logo@2x.png</p>
        <form action="/login"><input name="email" type="email"><input type="password"></form></body></html>""")
    assert language(page) == "en" and not page.has_contact_form
    assert "intercomsettings" in "\n".join(page.sources).lower()
    assert language(read_page("<p>Bonjour</p>")) is None  # too little text to tell
