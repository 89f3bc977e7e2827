"""Complaint references: LIT-<year>-<6 digits>, stable for a given complaint (the same
conversation and complaint start always give the same reference, so a retried action
never hands out a second one)."""

from __future__ import annotations

import hashlib
import re

REFERENCE_PATTERN = re.compile(r"^LIT-\d{4}-\d{6}$")


def complaint_reference(sender_id: str, started_at: float, year: int) -> str:
    digest = hashlib.sha256(f"{sender_id}|{started_at:.6f}".encode()).hexdigest()
    return f"LIT-{year}-{int(digest[:12], 16) % 1_000_000:06d}"
