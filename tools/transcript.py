"""Play scripted customer messages against the real servers and print the transcript.

    .venv/bin/python -m tools.transcript [docs/transcripts.yml] [--today 2026-11-20]

Starts the stack as ``make run`` does (tools.stack), on free ports, with its own temporary
tracker and ticket databases, plays each conversation of the file through the REST channel,
prints every customer message and every bot answer as they really came, then stops the
servers. The README's example conversations are produced this way.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from pathlib import Path
from typing import Dict, List

import requests
import yaml

from tools.stack import ROOT, throwaway_stack


def load(path: Path) -> List[Dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    conversations = data.get("conversations") or []
    for item in conversations:
        if not item.get("title") or not item.get("messages"):
            raise SystemExit(f"{path}: every conversation needs a title and messages")
    return conversations


def indent(text: str, prefix: str) -> str:
    lines = text.splitlines() or [""]
    pad = " " * len(prefix)
    return "\n".join((prefix if i == 0 else pad) + line for i, line in enumerate(lines))


def play(url: str, conversation: Dict) -> str:
    sender = f"transcript-{uuid.uuid4().hex[:8]}"
    out = [f"### {conversation['title']}", "", "```"]
    for message in conversation["messages"]:
        out.append(indent(message, "Client : "))
        response = requests.post(
            f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60
        )
        response.raise_for_status()
        for answer in response.json():
            text = answer.get("text", "")
            buttons = " ".join(f"[{b['title']}]" for b in answer.get("buttons") or [])
            out.append(indent(text + (f"\n{buttons}" if buttons else ""), "Bot    : "))
    out += ["```", ""]
    return "\n".join(out)


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(ROOT / "docs" / "transcripts.yml"))
    parser.add_argument("--today", default="2026-11-20", help="the servers' date (APP_TODAY)")
    args = parser.parse_args(argv)
    conversations = load(Path(args.file))
    with throwaway_stack(args.today) as config:
        for conversation in conversations:
            print(play(config.rasa_url, conversation))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
