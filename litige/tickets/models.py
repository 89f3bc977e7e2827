"""The ticket schema (SQLAlchemy Core). The migrations in ``migrations/versions`` create
exactly these tables; keep both in step (a test compares them)."""

from __future__ import annotations

import sqlalchemy as sa

STATUSES = ("open", "pending_agent", "in_progress", "resolved", "closed")
PRIORITIES = ("low", "normal", "high", "urgent")
ANSWERS = ("pending", "accepted", "refused")
FOLLOW_UP_STATUSES = ("scheduled", "firing", "sent", "answered", "cancelled", "failed")
# who holds a conversation (litige/ownership.py has the transitions)
OWNER_STATES = ("bot", "waiting", "callback", "advisor", "closed", "abandoned")
# what an advisor's console account may do (console/accounts.py)
ADVISOR_ROLES = ("agent", "admin", "trainer")
# a trainer's review of a conversation (litige/review/store.py)
REVIEW_STATUSES = ("new", "reviewed", "flagged")

metadata = sa.MetaData()


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


tickets = sa.Table(
    "tickets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("reference", sa.String(20), unique=True),
    sa.Column("conversation_id", sa.String(255), nullable=False),
    sa.Column("complaint_key", sa.String(64), nullable=False),
    sa.Column("category", sa.String(20), nullable=False),
    sa.Column("customer_name", sa.String(120)),
    sa.Column("customer_email", sa.String(254)),
    sa.Column("customer_phone", sa.String(20)),  # E.164, for a call back
    sa.Column("customer_address", sa.String(200)),  # "12 rue des Lilas, 69003 Lyon", for a visit
    sa.Column("customer_availability", sa.String(300)),  # their answer to "when are you available?"
    sa.Column("order_id", sa.String(20)),
    sa.Column("description", sa.Text),
    sa.Column("reformulation", sa.Text),
    sa.Column("expected_outcome", sa.Text),
    sa.Column("emotion_start", sa.String(20)),
    sa.Column("emotion_peak", sa.String(20)),
    sa.Column("emotion_peak_intensity", sa.Float),
    sa.Column("emotion_end", sa.String(20)),
    sa.Column("emotion_trajectory", sa.Text),  # JSON list of {turn, emotion, intensity}
    sa.Column("priority", sa.String(10), nullable=False, server_default="normal"),
    sa.Column("status", sa.String(20), nullable=False, server_default="open"),
    sa.Column("agreed_remedy", sa.String(40)),
    sa.Column("due_date", sa.Date),
    sa.Column("appointment_window", sa.String(40)),  # "entre 14 h et 16 h"
    sa.Column("facts", sa.Text),  # JSON: what the order system said (litige.situation.describe)
    sa.Column("handoff_reason", sa.String(40)),
    sa.Column("csat", sa.Integer),
    sa.Column("reference_email_pending", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("conversation_id", "complaint_key", name="uq_tickets_complaint"),
    sa.CheckConstraint(_in("status", STATUSES), name="ck_tickets_status"),
    sa.CheckConstraint(_in("priority", PRIORITIES), name="ck_tickets_priority"),
    sa.CheckConstraint("csat IS NULL OR (csat >= 1 AND csat <= 5)", name="ck_tickets_csat"),
)

ticket_proposals = sa.Table(
    "ticket_proposals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("remedy", sa.String(40), nullable=False),
    sa.Column("due_date", sa.Date),
    sa.Column("answer", sa.String(10), nullable=False, server_default="pending"),
    sa.Column("answered_at", sa.DateTime(timezone=True)),
    sa.UniqueConstraint("ticket_id", "position", name="uq_proposals_position"),
    sa.CheckConstraint(_in("answer", ANSWERS), name="ck_proposals_answer"),
)

ticket_history = sa.Table(
    "ticket_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(80), nullable=False),
    sa.Column("from_status", sa.String(20)),
    sa.Column("to_status", sa.String(20), nullable=False),
    sa.Column("note", sa.Text),
)

follow_ups = sa.Table(
    "follow_ups",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), nullable=False),
    sa.Column("conversation_id", sa.String(255), nullable=False),
    sa.Column("due_date", sa.Date, nullable=False),
    sa.Column("status", sa.String(12), nullable=False, server_default="scheduled"),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text),
    sa.Column("fired_at", sa.DateTime(timezone=True)),
    sa.Column("answer", sa.String(10)),
    sa.Column("answered_at", sa.DateTime(timezone=True)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True)),  # after a failure: not before
    sa.Column("claimed_at", sa.DateTime(timezone=True)),  # when a scheduler took it (firing)
    sa.Column("delivered_via", sa.String(12)),  # widget | email
    sa.Column("answer_token", sa.String(64)),  # the e-mail's answer links
    sa.UniqueConstraint("ticket_id", "due_date", name="uq_follow_ups_ticket_due"),
    sa.CheckConstraint(_in("status", FOLLOW_UP_STATUSES), name="ck_follow_ups_status"),
)

# One row per conversation that was ever handed to a person: the one authoritative owner,
# shared by every Rasa instance, the action server, the scheduler and the console.
conversation_owners = sa.Table(
    "conversation_owners",
    metadata,
    sa.Column("conversation_id", sa.String(255), primary_key=True),
    sa.Column("state", sa.String(12), nullable=False, server_default="bot"),
    sa.Column("advisor_id", sa.Integer),
    sa.Column("advisor_name", sa.String(80)),
    sa.Column("reason", sa.String(40)),
    sa.Column("priority", sa.String(10), nullable=False, server_default="normal"),
    sa.Column("ticket_reference", sa.String(20)),
    sa.Column("waiting_since", sa.DateTime(timezone=True)),
    sa.Column("callback_at", sa.DateTime(timezone=True)),
    sa.Column("taken_at", sa.DateTime(timezone=True)),
    sa.Column("last_customer_at", sa.DateTime(timezone=True)),
    sa.Column("handoffs", sa.Integer, nullable=False, server_default="0"),
    sa.Column("version", sa.Integer, nullable=False, server_default="0"),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(_in("state", OWNER_STATES), name="ck_owners_state"),
    sa.CheckConstraint(_in("priority", PRIORITIES), name="ck_owners_priority"),
)

# The advisors signed in to the console, as the console last heard from them: the bot offers
# a call back instead of a wait when nobody is there.
advisor_presence = sa.Table(
    "advisor_presence",
    metadata,
    sa.Column("advisor_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("first_name", sa.String(80), nullable=False),
    sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
)

# The customers' widgets connected right now, by socket.io session (channels/socketio.py):
# a follow-up goes to the open widget, else by e-mail.
widget_connections = sa.Table(
    "widget_connections",
    metadata,
    sa.Column("sid", sa.String(64), primary_key=True),
    sa.Column("conversation_id", sa.String(255), nullable=False),
    sa.Column("instance", sa.String(120), nullable=False),
    sa.Column("connected_at", sa.DateTime(timezone=True), nullable=False),
)

# The advisors' internal notes on a conversation: never shown to the customer.
advisor_notes = sa.Table(
    "advisor_notes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conversation_id", sa.String(255), nullable=False),
    sa.Column("advisor_id", sa.Integer, nullable=False),
    sa.Column("advisor_name", sa.String(80), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

# The advisors' console accounts: the password only as an argon2 hash, a lock-out after too
# many failed sign-ins (console/accounts.py).
advisor_accounts = sa.Table(
    "advisor_accounts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("login", sa.String(60), nullable=False, unique=True),
    sa.Column("first_name", sa.String(80), nullable=False),
    sa.Column("role", sa.String(10), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("failed_attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("locked_until", sa.DateTime(timezone=True)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(_in("role", ADVISOR_ROLES), name="ck_accounts_role"),
)

# The console's sign-in sessions: only the SHA-256 of the session token is stored.
console_sessions = sa.Table(
    "console_sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("account_id", sa.Integer, nullable=False),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
)

# ---- the trainers' review desk (litige/review/store.py) ------------------------------------
# One row per conversation of the tracker store, derived from its events (a read model:
# emptied and rebuilt by ``python -m litige.review rebuild``). Times are UNIX seconds.
review_conversations = sa.Table(
    "review_conversations",
    metadata,
    sa.Column("conversation_id", sa.String(255), primary_key=True),
    sa.Column("started_at", sa.Float, nullable=False),
    sa.Column("ended_at", sa.Float, nullable=False),
    sa.Column("turns", sa.Integer, nullable=False, server_default="0"),
    sa.Column("category", sa.String(20)),
    sa.Column("categories", sa.Text),  # JSON list
    sa.Column("outcome", sa.String(20), nullable=False),
    sa.Column("handoff_reason", sa.String(40)),
    sa.Column("rating", sa.Integer),
    sa.Column("emotion_start", sa.String(20)),
    sa.Column("intensity_start", sa.Float),
    sa.Column("emotion_end", sa.String(20)),
    sa.Column("intensity_end", sa.Float),
    sa.Column("deescalated", sa.Boolean),
    sa.Column("min_confidence", sa.Float),
    sa.Column("proposals", sa.Integer, nullable=False, server_default="0"),
    sa.Column("consent_first", sa.Boolean),
    sa.Column("resolved_turn", sa.Integer),
    sa.Column("marker_kinds", sa.Text),  # ",early_proposal,fallback," (a LIKE finds one kind)
    sa.Column("customer_text", sa.Text),
    sa.Column("search_text", sa.Text),  # customer_text folded: lower case, no accents
    sa.Column("customer_email", sa.String(254)),
    sa.Column("customer_phone", sa.String(40)),
    sa.Column("customer_name", sa.String(120)),
    sa.Column("order_id", sa.String(40)),
    sa.Column("last_event_id", sa.BigInteger),
    sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
)

# What the trainers said of a conversation: never touched by a rebuild.
review_marks = sa.Table(
    "review_marks",
    metadata,
    sa.Column("conversation_id", sa.String(255), primary_key=True),
    sa.Column("status", sa.String(10), nullable=False, server_default="new"),
    sa.Column("tags", sa.Text, nullable=False, server_default=""),  # ",retard,politique-retour,"
    sa.Column("marked_by", sa.String(80), nullable=False),
    sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(_in("status", REVIEW_STATUSES), name="ck_review_marks_status"),
)

review_comments = sa.Table(
    "review_comments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conversation_id", sa.String(255), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("who", sa.String(80), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

# A turn's labels as a trainer corrected them (the latest per turn wins in the NLU export).
review_corrections = sa.Table(
    "review_corrections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conversation_id", sa.String(255), nullable=False),
    sa.Column("turn_number", sa.Integer, nullable=False),
    sa.Column("event_id", sa.BigInteger),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("intent_before", sa.String(80)),
    sa.Column("intent_after", sa.String(80)),
    sa.Column("emotion_before", sa.String(20)),
    sa.Column("emotion_after", sa.String(20)),
    sa.Column("intensity_before", sa.Float),
    sa.Column("intensity_after", sa.Float),
    sa.Column("who", sa.String(80), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

# Who saw what a trainer's page masks (an e-mail, a phone number, an order id, a name), when.
review_reveals = sa.Table(
    "review_reveals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conversation_id", sa.String(255), nullable=False),
    sa.Column("who", sa.String(80), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

# How far the sync read the tracker store: the highest ``events.id`` read.
review_sync = sa.Table(
    "review_sync",
    metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("last_event_id", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
)

sa.Index("ix_owners_state", conversation_owners.c.state)
sa.Index("ix_notes_conversation", advisor_notes.c.conversation_id)
sa.Index("ix_tickets_status_priority", tickets.c.status, tickets.c.priority)
sa.Index("ix_tickets_conversation", tickets.c.conversation_id)
sa.Index("ix_follow_ups_due", follow_ups.c.status, follow_ups.c.due_date)
sa.Index("ix_follow_ups_token", follow_ups.c.answer_token, unique=True)
sa.Index("ix_widgets_conversation", widget_connections.c.conversation_id)
sa.Index("ix_history_ticket", ticket_history.c.ticket_id)
sa.Index("ix_sessions_account", console_sessions.c.account_id)

sa.Index("ix_review_started", review_conversations.c.started_at)
sa.Index("ix_review_category", review_conversations.c.category)
sa.Index("ix_review_outcome", review_conversations.c.outcome)
sa.Index("ix_review_reason", review_conversations.c.handoff_reason)
sa.Index("ix_review_rating", review_conversations.c.rating)
sa.Index("ix_review_emotion_start", review_conversations.c.emotion_start)
sa.Index("ix_review_emotion_end", review_conversations.c.emotion_end)
sa.Index("ix_review_confidence", review_conversations.c.min_confidence)
sa.Index("ix_review_marks_status", review_marks.c.status)
sa.Index("ix_review_comments_conversation", review_comments.c.conversation_id)
sa.Index(
    "ix_review_corrections_conversation",
    review_corrections.c.conversation_id,
    review_corrections.c.turn_number,
)
sa.Index("ix_review_corrections_at", review_corrections.c.at)
sa.Index("ix_review_reveals_conversation", review_reveals.c.conversation_id)
