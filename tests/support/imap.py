"""A small local IMAP4rev1 server: one mailbox, the commands the outreach mailbox poller sends
(CAPABILITY, LOGIN, SELECT, UID SEARCH UNSEEN, UID FETCH BODY.PEEK[], UID STORE +FLAGS, LOGOUT),
answered as RFC 3501 says, for Python's own imaplib to talk to. The `imap_server` fixture
is imported by the conftest of the tests that use it.
"""

from __future__ import annotations

import shlex
import socketserver
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from tests.support import free_port


@dataclass
class Stored:
    uid: int
    raw: bytes
    flags: set[str] = field(default_factory=set)


@dataclass
class Mailbox:
    """The messages of INBOX and the one account that may read them."""

    username: str = "outreach"
    password: str = "imap-secret"
    uidvalidity: int = 4242
    messages: list[Stored] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)  # what clients sent (passwords masked)

    def add(self, raw: bytes) -> int:
        uid = (self.messages[-1].uid if self.messages else 0) + 1
        self.messages.append(Stored(uid, raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")))
        return uid

    def by_uid(self, uid: str) -> tuple[int, Stored] | None:
        return next(((n, m) for n, m in enumerate(self.messages, start=1) if str(m.uid) == uid), None)


class _Session(socketserver.StreamRequestHandler):
    mailbox: Mailbox

    def send(self, line: str | bytes) -> None:
        self.wfile.write((line.encode() if isinstance(line, str) else line) + b"\r\n")

    def handle(self) -> None:
        box, signed_in, selected = self.mailbox, False, False
        self.send("* OK [CAPABILITY IMAP4rev1] stand-in ready")
        while line := self.rfile.readline():
            tag, _, rest = line.decode().rstrip("\r\n").partition(" ")
            words = shlex.split(rest, posix=False)  # keeps the backslash of \Seen
            command = " ".join(words[:2 if words[0].upper() == "UID" else 1]).upper()
            box.commands.append(command if command == "LOGIN" else rest)
            if command == "CAPABILITY":
                self.send("* CAPABILITY IMAP4rev1")
            elif command == "LOGIN":
                signed_in = [w.strip('"') for w in words[1:3]] == [box.username, box.password]
                if not signed_in:
                    self.send(f"{tag} NO [AUTHENTICATIONFAILED] wrong user or password")
                    continue
            elif command == "LOGOUT":
                self.send("* BYE logging out")
                self.send(f"{tag} OK LOGOUT completed")
                return
            elif not signed_in:
                self.send(f"{tag} BAD sign in first")
                continue
            elif command == "SELECT":
                selected = words[1].upper() == "INBOX"
                if not selected:
                    self.send(f"{tag} NO no such mailbox")
                    continue
                self.send(f"* {len(box.messages)} EXISTS")
                self.send(f"* OK [UIDVALIDITY {box.uidvalidity}] UIDs valid")
                self.send(f"{tag} OK [READ-WRITE] SELECT completed")
                continue
            elif not selected:
                self.send(f"{tag} BAD select a mailbox first")
                continue
            elif command == "UID SEARCH" and [w.upper() for w in words[2:]] == ["UNSEEN"]:
                self.send("* SEARCH " + " ".join(str(m.uid) for m in box.messages if "\\Seen" not in m.flags))
            elif command == "UID FETCH" and words[3].upper() == "(BODY.PEEK[])" and (found := box.by_uid(words[2])):
                number, message = found
                self.send(f"* {number} FETCH (UID {message.uid} BODY[] {{{len(message.raw)}}}".encode())
                self.wfile.write(message.raw)
                self.send(")")
            elif command == "UID STORE" and words[3].upper() == "+FLAGS" and (found := box.by_uid(words[2])):
                number, message = found
                message.flags.update(words[4].strip("()").split())
                self.send(f"* {number} FETCH (UID {message.uid} FLAGS ({' '.join(sorted(message.flags))}))")
            else:
                self.send(f"{tag} BAD not understood: {rest}")
                continue
            self.send(f"{tag} OK {command} completed")


@pytest.fixture
def imap_server() -> Iterator[tuple[Mailbox, int]]:
    """A running stand-in on 127.0.0.1 (plain IMAP, no TLS) and its mailbox."""
    mailbox = Mailbox()
    handler = type("Session", (_Session,), {"mailbox": mailbox})
    port = free_port()
    server = socketserver.ThreadingTCPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield mailbox, port
    server.shutdown()
    server.server_close()
