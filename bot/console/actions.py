"""What console buttons do beyond one UPDATE: admin messages, profile cards, the shortlist.

An admin message goes out exactly like a bot message: an outbound row (sender 'admin')
and a `deliver_message` job in the same transaction; the channel layer applies the
24-hour window and the templates, and records the delivery status on the row.
"""

from __future__ import annotations

from collections import OrderedDict

from agents.matching import criteria_for, profile_card, seeking_query
from bot.channels.delivery import enqueue_delivery, window_open
from bot.console import repository
from bot.core.connections import Conn
from bot.core.services import Embedder, Services
from bot.store import conversations as repo
from bot.store.conversations import Lead
from graph.state import Button
from knowledge.profiles import Profile, match_profiles, record_view

SHORTLIST_SIZE = 5


def send_admin_message(
    conn: Conn,
    services: Services,
    *,
    lead: Lead,
    admin_id: int,
    text: str,
    media: list[str] | None = None,
    profile_code: str | None = None,
    buttons: list[Button] | None = None,
) -> int:
    """Queue one message from an admin to the member; an admin writing also takes the conversation.

    Outside the 24-hour window the row is marked business-initiated: the channel sends
    it through the 'admin' template, or refuses it with the reason.
    """
    with conn.transaction():
        if lead.assigned_admin_id is None:
            repository.take_over(conn, lead.id, admin_id=admin_id)
        metadata = {
            "purpose": "admin",
            "business_initiated": not window_open(lead.last_inbound_at, services.clock()),
            "buttons": buttons or [],
        }
        message_id = repo.record_outbound(
            conn,
            lead_id=lead.id,
            content=text,
            sender_type="admin",
            sender_id=admin_id,
            channel=lead.channel,
            metadata=metadata,
            media=media,
            profile_code=profile_code,
        )
        enqueue_delivery(conn, message_id)
    return message_id


def shortlist(
    conn: Conn, services: Services, *, lead: Lead, limit: int = SHORTLIST_SIZE
) -> list[Profile]:
    """Compatible profiles not shown yet, best first (the bot's own constraints and ranking)."""
    if not lead.looking_for_gender:
        return []
    vector = _query_vector(services.embedder, seeking_query(lead, lead.language))
    return match_profiles(conn, criteria=criteria_for(lead), query_vector=vector, limit=limit)


# Embeddings of members' searches, by model and text, the oldest dropped past the limit.
_QUERY_VECTORS: OrderedDict[tuple[str, str], list[float]] = OrderedDict()
_QUERY_VECTORS_KEPT = 4096


def _query_vector(embedder: Embedder, text: str) -> list[float]:
    """The embedding of a member's search, kept: their page is opened again and again, and
    embedding one query cost more than the rest of the page (bench/console.py)."""
    key = (embedder.model_name, text)
    vector = _QUERY_VECTORS.get(key)
    if vector is None:
        vector = _QUERY_VECTORS[key] = embedder.embed_query(text)
        while len(_QUERY_VECTORS) > _QUERY_VECTORS_KEPT:
            _QUERY_VECTORS.popitem(last=False)
    return list(vector)


def send_profile(
    conn: Conn,
    services: Services,
    *,
    lead: Lead,
    profile: Profile,
    admin_id: int,
) -> int:
    """Send a profile's public card (the bot's card, photos and buttons) and remember the view."""
    card = profile_card(profile, lead.language)
    with conn.transaction():
        message_id = send_admin_message(
            conn,
            services,
            lead=lead,
            admin_id=admin_id,
            text=card["text"],
            media=card.get("media", []),
            profile_code=profile.code,
            buttons=card.get("buttons", []),
        )
        record_view(conn, lead_id=lead.id, profile_id=profile.id)
        repo.update_lead(conn, lead.id, last_profile_shown=profile.code)
    return message_id
