"""Shared web primitives: signed sessions, CSRF, argon2 passwords, the login throttle, flashes."""

from __future__ import annotations

from bot.web.csrf import csrf_token, csrf_valid, rotate
from bot.web.flash import flash, pop_flashes
from bot.web.passwords import hash_password, needs_rehash, verify_password
from bot.web.sessions import Session, Signer
from bot.web.throttle import LoginThrottle


def test_signer_round_trip_forgery_and_expiry() -> None:
    signer = Signer("secret-1", salt="s")
    token = signer.dumps({"client_id": "c1"}, now=1000)
    assert signer.loads(token, max_age=60, now=1030) == {"client_id": "c1"}
    assert signer.loads(token, max_age=60, now=1061) is None
    assert Signer("secret-2", salt="s").loads(token, max_age=60, now=1030) is None
    assert Signer("secret-1", salt="other").loads(token, max_age=60, now=1030) is None
    body, _, mac = token.partition(".")
    assert signer.loads(body[:-2] + "AA." + mac, max_age=60, now=1030) is None
    for junk in ("", ".", "abc", "a.b", "!!!.???"):
        assert signer.loads(junk, max_age=60) is None


def test_csrf_tokens() -> None:
    session = Session()
    token = csrf_token(session)
    assert csrf_token(session) == token and csrf_valid(session, token)
    assert not csrf_valid(session, "") and not csrf_valid(session, None) and not csrf_valid(session, token + "x")
    assert not csrf_valid(Session(), token)
    new = rotate(session)
    assert new != token and csrf_valid(session, new) and not csrf_valid(session, token)


def test_passwords() -> None:
    stored = hash_password("s3cret pass")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "s3cret pass") and not verify_password(stored, "wrong")
    assert not verify_password(None, "anything") and not verify_password("not a hash", "x")
    assert not needs_rehash(stored)


def test_throttle_slows_the_address_down_first() -> None:
    now = [0.0]
    throttle = LoginThrottle(free_attempts=3, account_free_attempts=30, base_delay=2.0, max_delay=10.0,
                             clock=lambda: now[0])
    for _ in range(3):
        assert throttle.wait_seconds("a@x", "1.1.1.1") == 0
        throttle.failure("A@x", "1.1.1.1")
    assert throttle.wait_seconds("a@x", "1.1.1.1") == 2.0
    assert throttle.wait_seconds("b@x", "1.1.1.1") == 2.0  # the address, whatever the account
    assert throttle.wait_seconds("a@x", "2.2.2.2") == 0  # the owner, from elsewhere
    throttle.failure("a@x", "1.1.1.1")
    assert throttle.wait_seconds("a@x", "1.1.1.1") == 4.0
    for _ in range(10):
        throttle.failure("b@x", "1.1.1.1")
    assert throttle.wait_seconds("c@x", "1.1.1.1") == 10.0
    now[0] = 11.0
    assert throttle.wait_seconds("a@x", "1.1.1.1") == 0
    now[0] = 11.0 + 3601  # an hour without failures: forgotten
    throttle.failure("a@x", "1.1.1.1")
    assert throttle.wait_seconds("a@x", "1.1.1.1") == 0


def test_throttle_slows_an_account_only_at_a_much_higher_threshold() -> None:
    now = [0.0]
    throttle = LoginThrottle(free_attempts=3, account_free_attempts=30, base_delay=2.0, max_delay=10.0,
                             clock=lambda: now[0])
    for n in range(29):  # a guesser spread over many addresses
        throttle.failure("a@x", f"10.0.0.{n}")
    assert throttle.wait_seconds("a@x", "192.0.2.1") == 0
    throttle.failure("a@x", "10.0.1.1")
    assert throttle.wait_seconds("a@x", "192.0.2.1") == 2.0  # the account itself now
    assert throttle.wait_seconds("b@x", "192.0.2.1") == 0
    now[0] = 3.0
    throttle.success("a@x", "192.0.2.1")  # the owner got in: the account starts afresh
    throttle.failure("a@x", "10.0.1.2")
    assert throttle.wait_seconds("a@x", "192.0.2.1") == 0


def test_signing_in_forgives_ones_own_typos_not_guesses_at_others() -> None:
    throttle = LoginThrottle(free_attempts=3, account_free_attempts=30, clock=lambda: 0.0)
    for _ in range(2):
        throttle.failure("me@x", "1.1.1.1")
    throttle.success("me@x", "1.1.1.1")
    for _ in range(2):
        throttle.failure("me@x", "1.1.1.1")
    assert throttle.wait_seconds("me@x", "1.1.1.1") == 0  # two typos, then two more: not three
    for _ in range(2):
        throttle.failure("victim@x", "1.1.1.1")
    throttle.success("me@x", "1.1.1.1")  # signing in to one's own account between guesses
    throttle.failure("victim@x", "1.1.1.1")
    assert throttle.wait_seconds("victim@x", "1.1.1.1") > 0


def test_flash_messages_are_shown_once() -> None:
    session = Session()
    flash(session, "Saved", "success")
    flash(session, "Oops", "error")
    assert pop_flashes(session) == [{"level": "success", "message": "Saved"}, {"level": "error", "message": "Oops"}]
    assert pop_flashes(session) == []
