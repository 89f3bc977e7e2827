"""The trainers' review desk: conversations read back from the tracker store (docs/dev/review_desk.md)."""
