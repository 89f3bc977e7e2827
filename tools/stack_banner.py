"""What `make run` prints once the stack is ready (tools/stack.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tools.stack import StackConfig


def banner(config: StackConfig) -> str:
    return f"""
  Le bot est prêt / the bot is up.
    Demo shop page {config.web_url}   <- open it and chat with the widget
    Rasa server    {config.rasa_url}   (REST webhook: {config.rasa_url}/webhooks/rest/webhook)
    Action server  {config.action_url}
    Advisors       {config.console_url}   <- the advisors' console (sign in with an advisor account)
    Review desk    {config.console_url}/revue   <- the trainers' desk (an account with --role trainer)
    Tickets        {config.ticket_db_url}   (python -m litige.tickets list)
    Follow-ups     scheduler running (python -m litige.tickets follow-ups)
    Logs           {config.log_dir}
  Talk to it:
    curl -s -X POST {config.rasa_url}/webhooks/rest/webhook \\
      -H 'Content-Type: application/json' \\
      -d '{{"sender": "moi", "message": "Ma commande est en retard de deux semaines !"}}'
    or, in another terminal: make shell
  Ctrl-C stops everything.
{_first_account_hint(config)}"""


def _first_account_hint(config: StackConfig) -> str:
    """How to create the first advisor account, while there is none."""
    if not config.console_port:
        return ""
    from console.accounts import Accounts
    from litige.tickets.store import TicketStore

    try:
        if Accounts(TicketStore(config.ticket_db_url)).any_account():
            return ""
    except Exception:  # the banner never stops the stack
        return ""
    return (
        "  No advisor account yet. Create the first one (the password is asked twice):\n"
        "    .venv/bin/python -m console create-agent --login marie --first-name Marie --role admin\n"
        "  and a trainer for the review desk:\n"
        "    .venv/bin/python -m console create-agent --login tina --first-name Tina --role trainer\n"
    )
