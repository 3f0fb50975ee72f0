"""Every route of the app, every field it reads, hostile strings: never a 5xx.

The routes come from the app itself (`iter_route_contexts(app.routes)`), with the query,
form, JSON, file and path parameters FastAPI declared for them; the three console forms
that read their body by hand (profile, knowledge entry, configuration) are posted with
the values their own edit page holds, one field at a time replaced. The client is signed
in as a console admin and as a dashboard client, and sends the lead API's secret key, so
the values reach the handlers and the SQL, not a login redirect.
"""

from __future__ import annotations

import json
import logging
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import httpx2
import pytest
from fastapi import params
from fastapi.dependencies.models import Dependant
from fastapi.routing import iter_route_contexts
from hypothesis import HealthCheck, given
from hypothesis import settings as fuzzing
from hypothesis import strategies as st
from pydantic import BaseModel

from bot.core.text import unstorable
from tests.bot.web.signed_in import World, world_fixtures

db_url, settings, app_client, world = world_fixtures()
pytestmark = pytest.mark.slow  # some 2,600 requests, and the first one trains the understanding model

# One of each kind (the random test below mixes them): NUL, lone surrogate, very long,
# SQL, right-to-left override, emoji, LIKE wildcards and escapes, numbers a float parser
# takes, empty, markup, a JSON escape of NUL.
HOSTILE = [
    "a\x00b", "x\ud800y", "x" * 5000, "' OR '1'='1'; DROP TABLE leads; --", "\u202egnp.exe\u202c \u0627",
    "😀👩🏽‍💻", "%", "_", "50%_\\", "a\\", "1e400", "NaN", "", "<script>{{7*7}}</script>", '{"a": "\\u0000"}',
]
# Forms read by hand: posted with the values of the page that holds them.
FORM_PAGES = {"/admin/profiles/save": "/admin/profiles/{profile_id}",
              "/admin/knowledge/save": "/admin/knowledge/{entry_id}", "/admin/config": "/admin/config"}
MEMBER_WORDS = {("/admin/simulator/send", "text"), ("/admin/simulator/send", "name")}  # stripped, not refused
SKIP = {"/admin/logout", "/dashboard/logout", "/admin/logout-everywhere", "/dashboard/logout-everywhere"}  # would sign the client out


@dataclass
class Endpoint:
    """One method of one route and the parameters it declares."""

    method: str
    path: str
    query: list[str] = field(default_factory=list)
    form: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    json: list[str] = field(default_factory=list)
    text_path: list[str] = field(default_factory=list)  # str path parameters
    raw_body: bool = False  # reads its own body (webhooks, POST /api/lead)

    def fields(self) -> Iterator[tuple[str, str]]:
        for kind in ("query", "form", "files", "json", "text_path"):
            for name in getattr(self, kind):
                if name != "csrf_token":
                    yield kind, name
        if self.raw_body:
            yield "raw", "Body"


def _params(dependant: Dependant) -> Iterator[tuple[str, Any]]:
    for kind in ("query_params", "body_params", "path_params"):
        for param in getattr(dependant, kind):
            yield kind, param
    for sub in dependant.dependencies:
        yield from _params(sub)


def _model(annotation: Any) -> type[BaseModel] | None:
    candidates = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else (annotation,)
    return next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)


def endpoints(app: Any) -> list[Endpoint]:
    """Every (method, route) of the app with its declared parameters; writes before reads."""
    found = []
    for route in iter_route_contexts(app.routes):
        dependant = getattr(route, "dependant", None)
        if dependant is None or route.path in SKIP:
            continue
        for method in sorted(route.methods or ()):
            if method in ("HEAD", "OPTIONS"):
                continue
            point = Endpoint(method, route.path)
            for kind, param in _params(dependant):
                info = param.field_info
                if kind == "query_params":
                    point.query.append(param.alias)
                elif kind == "path_params" and info.annotation is str:
                    point.text_path.append(param.alias)
                elif isinstance(info, params.File):
                    point.files.append(param.alias)
                elif isinstance(info, params.Form):
                    point.form.append(param.alias)
                elif kind == "body_params" and (model := _model(info.annotation)):
                    point.json += list(model.model_fields)
            point.raw_body = method == "POST" and not (point.form or point.files or point.json)
            found.append(point)
    order = {"POST": 0, "PATCH": 0, "PUT": 0, "DELETE": 1, "GET": 2}
    return sorted(found, key=lambda e: order.get(e.method, 3))


class _Forms(HTMLParser):
    """The fields a browser would post for each form of a page: {action: [(name, value)]}."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, list[tuple[str, str]]] = {}
        self._action: str | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._action = a.get("action", "")
            self.forms.setdefault(self._action, [])
        elif self._action is None or (not a.get("name") and tag != "option"):
            return
        elif tag == "input" and (a.get("type") not in ("checkbox", "radio") or "checked" in a):
            self.forms[self._action].append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.forms[self._action].append((a["name"], ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and ("selected" in a or not any(
                n == self._select for n, _ in self.forms[self._action])):
            self.forms[self._action] = [(n, v) for n, v in self.forms[self._action] if n != self._select]
            self.forms[self._action].append((self._select, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea and self._action is not None:
            name, value = self.forms[self._action].pop()
            self.forms[self._action].append((name, value + data))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._action = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def page_form(world: World, page: str, action: str) -> list[tuple[str, str]]:
    parser = _Forms()
    parser.feed(world.client.get(page.format(**world.console_ids)).text)
    assert parser.forms.get(action), (page, action, list(parser.forms))
    return parser.forms[action]


def _encode(pairs: list[tuple[str, str]]) -> str:
    """application/x-www-form-urlencoded (and query strings), lone surrogates as UTF-8 bytes."""
    return "&".join(f"{quote(k.encode('utf-8', 'surrogatepass'), safe='')}="
                    f"{quote(v.encode('utf-8', 'surrogatepass'), safe='')}" for k, v in pairs)


def send(world: World, point: Endpoint, kind: str, name: str, value: str) -> httpx2.Response:
    """One request with `value` in the field `name` and valid values elsewhere."""
    path_values = dict(world.path_values(point.path))
    if kind == "text_path":
        path_values[name] = value
    path = re.sub(r"\{(\w+)\}", lambda m: quote(path_values.get(m.group(1), "0").encode("utf-8", "surrogatepass"),
                                                safe=""), point.path)
    headers: dict[str, str] = {}
    if point.path.startswith("/api/leads"):
        headers.update(world.tenant.secret_headers)
    elif point.path.startswith("/api/"):
        headers.update(world.tenant.headers)
    csrf = world.admin_csrf if point.path.startswith("/admin") else world.dashboard_csrf
    client = world.client
    if kind == "query":
        return client.request(point.method, f"{path}?{_encode([(name, value)])}", headers=headers)
    if kind == "json":
        return client.request(point.method, path, content=json.dumps({name: value}),
                              headers={**headers, "Content-Type": "application/json"})
    if kind == "files":
        content = f"code,first_name,age,gender\nZZ9,{value},30,female\n".encode("utf-8", "surrogatepass")
        return client.post(path, data={"csrf_token": csrf}, files={name: ("hostile.csv", content, "text/csv")})
    if point.method == "GET" or point.method == "DELETE":
        return client.request(point.method, path, headers=headers)
    pairs = page_form(world, FORM_PAGES[point.path], point.path) if point.path in FORM_PAGES else []
    pairs = [(k, v) for k, v in pairs if k not in (name, "csrf_token")] + [(name, value)]
    if name != "csrf_token":
        pairs.append(("csrf_token", csrf))
    return client.post(path, content=_encode(pairs),
                       headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})


def _expected(point: Endpoint, kind: str, name: str, value: str, status: int) -> str | None:
    """Why this answer is wrong, or None."""
    if status >= 500:
        return "server error"
    if kind == "text_path" and "/" in value and status == 404:
        return None  # "%2F" is decoded before routing: the path names another route, which does not exist
    # Forms, queries and paths decode bad UTF-8 as U+FFFD: only JSON carries a lone surrogate.
    seen = value if kind == "json" else value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    guarded = kind in ("query", "form", "json", "text_path")
    if guarded and unstorable(seen) and status != 422 and (point.path, name) not in MEMBER_WORDS:
        return "unstorable text not refused with a 422"
    return None


def _cases(world: World, point: Endpoint) -> Iterator[tuple[str, str]]:
    fields = list(point.fields())
    if point.method == "POST" and point.path in FORM_PAGES:
        names = dict.fromkeys(name for name, _ in page_form(world, FORM_PAGES[point.path], point.path))
        fields += [("form", name) for name in names if name != "csrf_token"]
    if point.form and not fields:  # only a CSRF token: never post a valid one (a logout, a take-over)
        fields = [("form", "csrf_token")]
    yield from fields or [("none", "")]


HALVES = 2  # the sweep is cut in two modules (this one and ..._second_half) that run in parallel


def sweep(world: World, caplog: pytest.LogCaptureFixture, *, half: int) -> None:
    """Every hostile value in every field of every other route (half 0: the even ones)."""
    caplog.set_level(logging.WARNING, logger="bot.web.text_guard")
    points = endpoints(world.client.app)
    assert {p.path for p in points} >= {"/admin/inbox", "/dashboard/leads", "/api/leads", "/admin/config"}
    failures, sent = [], 0
    for point in points[half::HALVES]:
        for kind, name in _cases(world, point):
            for value in HOSTILE if kind != "none" else [""]:
                response = send(world, point, kind, name, value)
                sent += 1
                if problem := _expected(point, kind, name, value, response.status_code):
                    failures.append((problem, point.method, point.path, kind, name, value[:20],
                                     response.status_code, response.text[:200]))
    assert not failures, f"{len(failures)} of {sent} requests:\n" + "\n".join(map(repr, failures[:25]))
    # Each refusal came from validation that names the field, not from the last-resort handler.
    assert not [r.getMessage() for r in caplog.records if r.name == "bot.web.text_guard"]
    # Still signed in everywhere: the values reached the handlers, not the login page.
    assert world.client.get("/admin/inbox", follow_redirects=False).status_code == 200
    assert world.client.get("/dashboard/leads", follow_redirects=False).status_code == 200


def test_every_route_answers_hostile_values_without_a_5xx(world: World, caplog: pytest.LogCaptureFixture) -> None:
    sweep(world, caplog, half=0)


def _random_text() -> st.SearchStrategy[str]:
    pieces = st.sampled_from(["\x00", "\ud800", "\udfff", "%", "_", "\\", "'", '"', "\u202e", "😀", "\ufeff"])
    return st.text(max_size=80) | st.lists(pieces | st.text(max_size=6), max_size=12).map("".join)


@pytest.fixture(scope="module")
def every_field(world: World) -> list[tuple[Endpoint, str, str]]:
    """(route, kind, field) for every field of every route, listed once for the whole module."""
    return [(p, kind, name) for p in endpoints(world.client.app) for kind, name in _cases(world, p)
            if kind != "none"]


@fuzzing(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_text_in_any_field_is_never_a_5xx(
    world: World, every_field: list[tuple[Endpoint, str, str]], data: st.DataObject
) -> None:
    point, kind, name = data.draw(st.sampled_from(every_field))
    value = data.draw(_random_text())
    response = send(world, point, kind, name, value)
    assert _expected(point, kind, name, value, response.status_code) is None, (
        point.method, point.path, kind, name, value, response.status_code, response.text[:300])
