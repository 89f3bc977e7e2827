"""Complaint tickets: a SQL store (SQLite by default, PostgreSQL by URL) with versioned
migrations, priority rules, follow-ups on the promised date, and an operator CLI
(``python -m litige.tickets --help``). Nothing is created at import time."""
