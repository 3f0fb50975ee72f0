"""The People Data Labs client and provider against the local stand-in that speaks PDL's format."""

from __future__ import annotations

import pytest

from bot.lead_platform.prospects.discovery import ProviderError
from bot.lead_platform.prospects.pdl import (
    EXHAUSTED,
    PdlClient,
    PdlProvider,
    allocate,
    icp_query,
    to_prospect,
)
from tests.support.pdl_server import PdlServer, company


def test_search_request_paging_and_errors() -> None:
    companies = [company(n) for n in range(5)] + [company(9, country="belgium")]
    with PdlServer(companies) as server:
        client = PdlClient(api_key="pdl-test-key", base_url=server.base_url)
        query = icp_query(industry="dental practice", countries=["france"], sizes=["1-10", "11-50"])
        first = client.search(query=query, size=3)
        assert [c["id"] for c in first["data"]] == ["pdl000000", "pdl000001", "pdl000002"]
        assert first["total"] == 5 and first["scroll_token"]
        second = client.search(query=query, size=3, scroll_token=first["scroll_token"])
        assert len(second["data"]) == 2 and second["scroll_token"] is None
        request = server.requests[0]
        assert request["method"] == "POST" and request["path"] == "/v5/company/search"
        assert request["headers"]["X-Api-Key"] == "pdl-test-key"
        assert request["params"] == {"query": query, "size": 3}
        # No match is PDL's 404: an empty page, not an error.
        assert client.search(query=icp_query(industry="bakery", countries=[], sizes=[]), size=5)["data"] == []
        server.rate_limited = 1
        with pytest.raises(ProviderError, match="429 rate_limit_error") as limited:
            client.search(query=query, size=3)
        assert limited.value.retryable
        with pytest.raises(ProviderError, match="401 authentication_error") as refused:
            PdlClient(api_key="wrong", base_url=server.base_url).search(query=query, size=3)
        assert not refused.value.retryable
    with pytest.raises(ProviderError, match="unreachable") as down:
        client.search(query=query, size=3)
    assert down.value.retryable


def test_a_company_record_as_a_prospect() -> None:
    prospect = to_prospect(company(7, website="https://www.Cabinet7.example/"))
    assert prospect is not None
    assert (prospect.business_name, prospect.website, prospect.industry, prospect.region, prospect.language) == \
        ("Cabinet 7", "https://www.cabinet7.example", "dental practice", "auvergne-rhône-alpes", "fr")
    assert prospect.metadata["source"] == "pdl" and prospect.metadata["pdl"]["id"] == "pdl000007"
    assert to_prospect(company(8, website="")) is None


def test_the_count_is_split_by_industry_priority() -> None:
    assert allocate(16, {"dental practice": 80, "bakery": 40, "law practice": 40}) == \
        {"dental practice": 8, "bakery": 4, "law practice": 4}
    assert sum(allocate(16, {"a": 50, "b": 50, "c": 50}).values()) == 16
    assert allocate(2, {"a": 10, "b": 90, "c": 50}) == {"a": 0, "b": 1, "c": 1}


def test_the_provider_moves_to_the_next_industry_when_one_is_exhausted() -> None:
    companies = [company(n, industry="bakery") for n in range(2)] + \
                [company(10 + n, industry="dental practice") for n in range(10)]
    with PdlServer(companies) as server:
        client = PdlClient(api_key="pdl-test-key", base_url=server.base_url)
        provider = PdlProvider(client, count=6, industries={"bakery": 90, "dental practice": 10},
                               countries=["france"], sizes=[])
        page = provider.next_page(wanted=6, cursors={})
        assert page is not None and len(page.candidates) == 2 and page.cursors == {"bakery": EXHAUSTED}
        page = provider.next_page(wanted=4, cursors=page.cursors)
        assert page is not None and [c.industry for c in page.candidates] == ["dental practice"] * 4
        assert page.cursors["dental practice"] not in ("", EXHAUSTED)
