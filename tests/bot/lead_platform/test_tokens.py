"""Outreach tokens: genuine ones read back, anything forged, truncated or repurposed reads as None."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from bot.lead_platform.outreach.tokens import (
    address_token,
    make_token,
    read_token,
    url_signature,
    url_signature_ok,
)

SECRET = "test-secret"


def test_a_token_names_its_email_and_nothing_else() -> None:
    email_id = uuid.uuid4()
    token = make_token(SECRET, email_id)
    assert read_token(SECRET, token) == email_id
    assert read_token("another-secret", token) is None
    assert read_token(SECRET, token, purpose="formtest") is None
    assert read_token(SECRET, token[:-1]) is None
    other = make_token(SECRET, uuid.uuid4())
    assert read_token(SECRET, token.split(".")[0] + "." + other.split(".")[1]) is None


@given(st.text(max_size=60))
def test_arbitrary_text_is_never_a_token(text: str) -> None:
    assert read_token(SECRET, text) is None


def test_a_click_signature_binds_the_url_to_one_email() -> None:
    email_id, url = uuid.uuid4(), "https://agency.example/offre?a=1"
    signature = url_signature(SECRET, email_id, url)
    assert url_signature_ok(SECRET, email_id, url, signature)
    assert not url_signature_ok(SECRET, email_id, "https://evil.example/", signature)
    assert not url_signature_ok(SECRET, uuid.uuid4(), url, signature)


def test_addresses_carry_their_kind() -> None:
    token = make_token(SECRET, uuid.uuid4())
    assert address_token(f"reply+{token}") == ("reply", token)
    assert address_token(f"FormTest+{token}") == ("formtest", token)
    assert address_token("contact") is None
    assert address_token(f"other+{token}") is None
