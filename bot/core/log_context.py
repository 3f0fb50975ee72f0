"""Which request, job and lead a log line belongs to; JSON lines when MATCHBOT_LOG_FORMAT=json.

The web middleware (bot/web/observe.py) binds a request id, the worker binds the job's
id and kind and the lead named by its payload, and code that finds the lead later says
so with `bind_lead`. Each JSON line carries these ids: a lead is named by its id, never
by a phone number or what a member wrote. Log calls are written that way already; as
defence in depth the JSON handler also masks anything shaped like a phone number or an
e-mail address, and the texts a turn bound with `bind_private` (what the member wrote),
in the message and the traceback.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.core.queue import Job

REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
JOB_ID: ContextVar[str | None] = ContextVar("job_id", default=None)
JOB_TYPE: ContextVar[str | None] = ContextVar("job_type", default=None)
LEAD_ID: ContextVar[int | None] = ContextVar("lead_id", default=None)
FIELDS: dict[str, ContextVar[Any]] = {
    "request_id": REQUEST_ID, "job_id": JOB_ID, "job_type": JOB_TYPE, "lead_id": LEAD_ID,
}
# What members wrote, bound by the code that reads it: masked wherever it shows in a line.
PRIVATE: ContextVar[tuple[str, ...]] = ContextVar("private", default=())
BINDABLE: dict[str, ContextVar[Any]] = {**FIELDS, "private": PRIVATE}

# "+237 6 50 00 00 01", "whatsapp:+237650000001", a bare WaId "237650000001", "6 50 00 00 01":
# a "+" followed by 7+ digits (separators allowed), 9+ digits in a row, or 4+ groups of
# digits. Dates and times ("2026-12-02 19:23:11") have too few groups or digits to match.
PHONE = re.compile(
    r"\+\d(?:[ .\-()]{0,2}\d){6,}"  # +237 6 50 00 00 01, +33 (0)6 12 34 56 78
    r"|(?<!\w)\d{9,}(?!\w)"  # 237650000001
    r"|(?<![\w.:-])\d{1,3}(?:[ .\-]\d{2,3}){3,}(?![\w.:-])"  # 6 50 00 00 01, 06.12.34.56.78
)
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


# A member's text is masked wherever 16 characters of it in a row show up: libraries quote
# values in their errors cut or escaped (pydantic keeps 24 characters at each end).
PRIVATE_WINDOW = 16
PRIVATE_MIN_CHARS = 8  # up to the window a text is masked where whole; "oui" or "ok" tell nothing


def mask(text: str, private: tuple[str, ...] = ()) -> str:
    """The text with members' texts, phone-number-like sequences and e-mail addresses masked."""
    return PHONE.sub("[phone]", EMAIL.sub("[email]", _mask_private(text, private)))


def _mask_private(text: str, private: tuple[str, ...]) -> str:
    hidden = [False] * len(text)
    for secret in private:
        width = min(len(secret), PRIVATE_WINDOW)
        for start in range(len(text) - width + 1):
            if text[start:start + width] in secret:
                hidden[start:start + width] = [True] * width
    if not any(hidden):
        return text
    out, previous = [], False
    for char, masked in zip(text, hidden, strict=True):
        if not masked:
            out.append(char)
        elif not previous:
            out.append("[text]")
        previous = masked
    return "".join(out)


@contextmanager
def log_context(**values: Any) -> Iterator[None]:
    """Bind ids (request_id, job_id, job_type, lead_id) or `private` texts for the lines written inside."""
    tokens = [(BINDABLE[name], BINDABLE[name].set(value)) for name, value in values.items()]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


@contextmanager
def job_context(job: Job) -> Iterator[None]:
    """Log lines written while a job runs carry its id, kind and lead (when the payload names one)."""
    lead_id = job.payload.get("lead_id") if isinstance(job.payload, dict) else None
    with log_context(job_id=str(job.id), job_type=job.job_type,
                     lead_id=lead_id if isinstance(lead_id, int) else None, private=()):
        yield


def bind_lead(lead_id: int | None) -> None:
    """The lead this request or job turned out to be about, for the rest of it."""
    LEAD_ID.set(lead_id)


def bind_private(*texts: str | None) -> None:
    """What a member wrote, which no log line of this request or job may show."""
    kept = tuple(t.strip() for t in texts if t and len(t.strip()) >= PRIVATE_MIN_CHARS)
    PRIVATE.set(PRIVATE.get() + kept)


class StampAndMask(logging.Filter):
    """Puts the bound ids on each record and masks phones, e-mails and members' texts in its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, var in FIELDS.items():
            setattr(record, name, var.get())
        private = PRIVATE.get()
        record.private = private  # the formatter masks the traceback too
        record.msg, record.args = mask(record.getMessage(), private), None
        return True


class JsonLines(logging.Formatter):
    """One JSON object per record: time, level, logger, message, the bound ids, the exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **{name: getattr(record, name, None) for name in FIELDS},
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["exc_type"] = record.exc_info[0].__name__
            entry["exc"] = mask(self.formatException(record.exc_info), getattr(record, "private", ()))
        return json.dumps(entry, ensure_ascii=False, default=str)


OWN_PACKAGES = ("bot", "agents", "graph", "knowledge", "webhooks")


def json_handler(stream: Any = None) -> logging.Handler:
    """A handler writing JSON lines (to stderr by default)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(StampAndMask())
    handler.setFormatter(JsonLines())
    return handler


def configure_logging(log_format: str) -> None:
    """JSON lines on stderr for the whole process when asked; otherwise the readable default stays.

    With JSON lines the project's own loggers say what they do at INFO (start-up, training);
    libraries stay at WARNING (their INFO lines echo request headers and payloads).
    """
    if log_format == "json":
        root = logging.getLogger()
        for handler in list(root.handlers):
            root.removeHandler(handler)
        root.addHandler(json_handler())
        for package in OWN_PACKAGES:
            logging.getLogger(package).setLevel(logging.INFO)
