"""Jinja2 templates: the shared base layout plus each web area's own folder."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
STATIC_PREFIX = "/web-static"
_STATIC_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}

router = APIRouter()


def make_templates(*folders: Path) -> Jinja2Templates:
    """Templates from `folders` first, then the shared ones (base.html, macros)."""
    loader = ChoiceLoader([FileSystemLoader([str(f) for f in folders]),
                           FileSystemLoader(str(WEB_DIR / "templates"))])
    env = Environment(loader=loader, autoescape=select_autoescape(["html"]))
    env.globals["static_prefix"] = STATIC_PREFIX
    return Jinja2Templates(env=env)


@router.get(STATIC_PREFIX + "/{name}", include_in_schema=False)
def static_file(name: str) -> FileResponse:
    """The shared CSS/JS files (flat folder, whitelisted suffixes only)."""
    path = STATIC_DIR / name
    if "/" in name or path.suffix not in _STATIC_TYPES or not path.is_file():
        raise HTTPException(status_code=404)
    return FileResponse(path, media_type=_STATIC_TYPES[path.suffix],
                        headers={"Cache-Control": "public, max-age=3600"})
