"""Reading other businesses' public pages politely and safely.

- Public addresses only: a host is resolved once per connection and refused when any of
  its addresses is private, loopback, link-local, multicast or otherwise not global (a
  prospect's "website" could name the service's own network); the connection goes to the
  address that was checked, so a second DNS answer cannot swap it (DNS rebinding). Every
  redirect hop goes through the same check. `allow_private` lifts it (intranets, tests).
- robots.txt is obeyed for every origin visited (RFC 9309: a missing file allows all, a
  server error disallows all; a site that does not answer at all is unreachable), under
  the user agent below.
- Each request has a timeout and at most `max_bytes` of a body is read.
"""

from __future__ import annotations

import ipaddress
import socket
import typing
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpcore
import httpx

ROBOTS_NAME = "MatchbotProspectBot"
USER_AGENT = f"Mozilla/5.0 (compatible; {ROBOTS_NAME}/1.0)"
MAX_REDIRECTS = 5
ROBOTS_MAX_BYTES = 500_000  # RFC 9309 asks crawlers to read at least 500 KiB
DISALLOW_ALL = ["User-agent: *", "Disallow: /"]


class Refused(Exception):
    """The host resolves to an address this service must not reach."""


class Disallowed(Exception):
    """robots.txt asks us not to read this page."""


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def checked_address(host: str, port: int, *, allow_private: bool) -> str:
    """The address to connect to; Refused when the host has no address or a non-public one."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise httpcore.ConnectError(f"{host}: {exc.strerror or exc}") from None
    addresses = [str(info[4][0]) for info in infos]
    if not allow_private:
        for address in addresses:
            if not is_public(address):
                raise Refused(f"{host} resolves to {address}, which is not a public address")
    return addresses[0]


class _CheckedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to addresses `checked_address` accepts."""

    def __init__(self, *, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: typing.Iterable[typing.Any] | None = None) -> httpcore.NetworkStream:
        address = checked_address(host, port, allow_private=self.allow_private)
        # TLS still verifies the certificate for `host` (httpcore passes the request's host as SNI).
        return super().connect_tcp(address, port, timeout, local_address, socket_options)


class _CheckedTransport(httpx.HTTPTransport):
    def __init__(self, *, allow_private: bool) -> None:
        super().__init__(trust_env=False)
        # httpx offers no hook for the network backend; its own pool, rebuilt with ours.
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                             max_connections=10,
                                             network_backend=_CheckedBackend(allow_private=allow_private))


@dataclass(frozen=True)
class Page:
    """A page as read: the URL it finally came from, its status and (possibly cut) text."""

    url: str
    status: int
    content_type: str
    text: str
    truncated: bool


@dataclass
class SiteClient:
    """An HTTP client for other businesses' sites (one per job; close it after use)."""

    timeout: float
    max_bytes: int
    allow_private: bool = False
    _robots: dict[str, RobotFileParser] = field(default_factory=dict)
    _http: httpx.Client | None = None

    def __enter__(self) -> SiteClient:
        self._http = httpx.Client(transport=_CheckedTransport(allow_private=self.allow_private),
                                  timeout=self.timeout, headers={"User-Agent": USER_AGENT},
                                  follow_redirects=False, trust_env=False)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._http is not None:
            self._http.close()

    def _get_once(self, url: str, *, limit: int) -> tuple[httpx.Response, bytes, bool]:
        assert self._http is not None, "use SiteClient as a context manager"
        with self._http.stream("GET", url) as response:
            body, truncated = bytearray(), False
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) >= limit:
                    truncated = True
                    break
        return response, bytes(body[:limit]), truncated

    def get(self, url: str) -> Page:
        """GET with redirects followed by hand (each hop's robots.txt and address checked)."""
        for _ in range(MAX_REDIRECTS + 1):
            if not self.allowed(url):
                raise Disallowed(f"robots.txt of {_origin(url)} disallows {url}")
            response, body, truncated = self._get_once(url, limit=self.max_bytes)
            location = response.headers.get("location")
            if response.is_redirect and location:
                url = urljoin(url, location)
                if urlsplit(url).scheme not in ("http", "https"):
                    raise httpx.UnsupportedProtocol(f"redirected to {url[:80]}")
                continue
            encoding = response.charset_encoding or "utf-8"
            try:
                text = body.decode(encoding, errors="replace")
            except LookupError:
                text = body.decode("utf-8", errors="replace")
            return Page(url=url, status=response.status_code,
                        content_type=response.headers.get("content-type", ""), text=text, truncated=truncated)
        raise httpx.TooManyRedirects(f"more than {MAX_REDIRECTS} redirects from {url}")

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's origin lets us read it (fetched once per origin)."""
        origin = _origin(url)
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        return self._robots[origin].can_fetch(USER_AGENT, url)

    def _read_robots(self, origin: str) -> RobotFileParser:
        """Network errors propagate: a site that cannot be reached is read as unreachable."""
        parser = RobotFileParser()
        url = f"{origin}/robots.txt"
        for _ in range(MAX_REDIRECTS + 1):
            response, body, _cut = self._get_once(url, limit=ROBOTS_MAX_BYTES)
            location = response.headers.get("location")
            if not (response.is_redirect and location):
                break
            url = urljoin(url, location)
        if response.status_code >= 500:
            parser.parse(DISALLOW_ALL)  # unreachable: RFC 9309 says assume complete disallow
        elif response.status_code >= 400 or response.is_redirect:
            parser.parse([])  # unavailable: everything may be read
        else:
            parser.parse(body.decode("utf-8", errors="replace").splitlines())
        return parser


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
