"""People Data Labs' Company Search API as a discovery provider.

Request (docs.peopledatalabs.com, "Company Search API"): POST {base}/v5/company/search with
the key in the `X-Api-Key` header and a JSON body holding an Elasticsearch `query` (or an
`sql` string, never both), `size` (1–100 records, each one billed) and, to page on, the
`scroll_token` of the previous answer. Answer: {"status": 200, "data": [company…],
"total": N, "scroll_token": "…"}; 404 means no record matched; any other error is
{"status": …, "error": {"type": …, "message": …}} (429: rate limited).

The ideal customer profile (settings: industries, countries, sizes) becomes one query per
industry. A run splits its count between the industries by their priority score
(prospect_industry_performance, 50 when unknown), the highest first; what an exhausted
industry could not give goes to the next. Each industry's scroll token is its cursor, so
the next run continues where this one stopped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import httpx

from bot.lead_platform.prospects.discovery import CandidatePage, ProviderError
from bot.lead_platform.prospects.websites import InvalidWebsite, normalise_website
from bot.lead_platform.store.prospects import NewProspect

SEARCH_PATH = "/v5/company/search"
MAX_SIZE = 100
ANY_INDUSTRY = "*"
EXHAUSTED = "exhausted"
DEFAULT_PRIORITY = 50
# Countries whose businesses are written to in French; English where it is the language of
# business; elsewhere the site's own language decides (site facts).
FRENCH_COUNTRIES = {"france", "belgium", "luxembourg", "monaco", "switzerland", "senegal", "ivory coast",
                    "cote d'ivoire", "cameroon", "gabon", "benin", "togo", "mali", "burkina faso", "niger",
                    "guinea", "madagascar", "democratic republic of the congo", "republic of the congo",
                    "haiti", "morocco", "tunisia", "algeria"}
ENGLISH_COUNTRIES = {"united states", "united kingdom", "ireland", "australia", "new zealand", "nigeria",
                     "ghana", "kenya", "south africa"}


class PdlClient:
    """The Company Search endpoint, over httpx."""

    def __init__(self, *, api_key: str, base_url: str, timeout: float = 30.0) -> None:
        self.api_key, self.base_url, self.timeout = api_key, base_url.rstrip("/"), timeout

    def search(self, *, query: dict[str, Any], size: int, scroll_token: str | None = None) -> dict[str, Any]:
        """One page of companies: {"data": [...], "total": N, "scroll_token": ...}; 404 is an empty page."""
        body: dict[str, Any] = {"query": query, "size": max(1, min(MAX_SIZE, size))}
        if scroll_token:
            body["scroll_token"] = scroll_token
        try:
            with httpx.Client(base_url=self.base_url, timeout=self.timeout, trust_env=False,
                              headers={"X-Api-Key": self.api_key, "Accept": "application/json"}) as http:
                response = http.post(SEARCH_PATH, json=body)
        except httpx.HTTPError as exc:
            raise ProviderError(f"People Data Labs unreachable: {type(exc).__name__}: {exc}",
                                retryable=True) from None
        if response.status_code == 404:
            return {"data": [], "total": 0, "scroll_token": None}
        try:
            payload = response.json()
        except ValueError:
            payload = {}
        if response.status_code != 200:
            error = payload.get("error") if isinstance(payload, dict) else None
            kind = error.get("type") if isinstance(error, dict) else None
            message = error.get("message") if isinstance(error, dict) else response.text[:200]
            raise ProviderError(f"People Data Labs answered {response.status_code} {kind or ''}: {message}",
                                retryable=response.status_code == 429 or response.status_code >= 500)
        if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
            raise ProviderError("People Data Labs answered without a data list", retryable=True)
        return payload


def icp_query(*, industry: str | None, countries: list[str], sizes: list[str]) -> dict[str, Any]:
    """An Elasticsearch query for companies with a website, in the profile's industry, countries and sizes."""
    must: list[dict[str, Any]] = [{"exists": {"field": "website"}}]
    if industry:
        must.append({"term": {"industry": industry}})
    if countries:
        must.append({"terms": {"location.country": countries}})
    if sizes:
        must.append({"terms": {"size": sizes}})
    return {"bool": {"must": must}}


def to_prospect(company: Mapping[str, Any]) -> NewProspect | None:
    """A PDL company record as a prospect; None without a usable website."""
    try:
        website = normalise_website(str(company.get("website") or ""))
    except InvalidWebsite:
        return None
    raw_location = company.get("location")
    location: dict[str, Any] = raw_location if isinstance(raw_location, dict) else {}
    country = str(location.get("country") or "").lower()
    language = "fr" if country in FRENCH_COUNTRIES else "en" if country in ENGLISH_COUNTRIES else None
    name = str(company.get("display_name") or company.get("name") or "").strip()
    details = {key: company.get(key) for key in ("id", "size", "employee_count", "linkedin_url", "founded")
               if company.get(key) is not None}
    return NewProspect(
        business_name=(name if company.get("display_name") else name.title())[:255] or website,
        website=website,
        industry=(str(company["industry"]).lower()[:100] if company.get("industry") else None),
        region=(str(location.get("region") or location.get("country") or "")[:100] or None),
        language=language,
        metadata={"source": "pdl", "pdl": details, "location": location.get("name")},
    )


def allocate(count: int, priorities: Mapping[str, int]) -> dict[str, int]:
    """Split `count` between industries in proportion to their priority (largest remainders first)."""
    total = sum(max(p, 1) for p in priorities.values())
    shares = {k: count * max(p, 1) / total for k, p in priorities.items()}
    quota = {k: math.floor(v) for k, v in shares.items()}
    for key in sorted(shares, key=lambda k: (quota[k] - shares[k], -priorities[k]))[: count - sum(quota.values())]:
        quota[key] += 1
    return quota


class PdlProvider:
    """Companies of the ideal customer profile, industry by industry, for one run."""

    name = "pdl"

    def __init__(self, client: PdlClient, *, count: int, industries: Mapping[str, int], countries: list[str],
                 sizes: list[str]) -> None:
        """`industries`: industry → priority score (empty: any industry)."""
        self.client = client
        self.countries, self.sizes = countries, sizes
        priorities = dict(industries) or {ANY_INDUSTRY: DEFAULT_PRIORITY}
        self.order = sorted(priorities, key=lambda k: -priorities[k])
        self.quota = allocate(count, priorities)
        self.taken = dict.fromkeys(self.order, 0)
        self.restarted = False

    def next_page(self, *, wanted: int, cursors: Mapping[str, str]) -> CandidatePage | None:
        state = dict(cursors)
        open_ = [k for k in self.order if state.get(k) != EXHAUSTED]
        if not open_ and not self.restarted:
            # Everything was read once: start over (known websites are skipped; PDL adds companies).
            self.restarted, state = True, {}
            open_ = list(self.order)
        if not open_:
            return None
        below = [k for k in open_ if self.taken[k] < self.quota[k]]
        industry = (below or open_)[0]
        # The last industry with quota left takes whatever the others could not give.
        share = self.quota[industry] - self.taken[industry] if len(below) > 1 else wanted
        size = min(MAX_SIZE, wanted, share)
        query = icp_query(industry=None if industry == ANY_INDUSTRY else industry, countries=self.countries,
                          sizes=self.sizes)
        page = self.client.search(query=query, size=size, scroll_token=state.get(industry))
        records = [r for r in page["data"] if isinstance(r, dict)]
        self.taken[industry] += len(records)
        token = page.get("scroll_token")
        state[industry] = token if token and len(records) >= size else EXHAUSTED
        candidates = [p for p in (to_prospect(r) for r in records) if p is not None]
        return CandidatePage(candidates, state)
