import pytest

from tools.transcript import indent, load


def test_the_transcript_file_of_the_readme_is_valid():
    from tools.stack import ROOT

    conversations = load(ROOT / "docs" / "transcripts.yml")
    assert len(conversations) >= 2 and all(len(c["messages"]) >= 3 for c in conversations)


def test_a_conversation_without_messages_is_refused(tmp_path):
    path = tmp_path / "t.yml"
    path.write_text("conversations:\n  - title: vide\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="title and messages"):
        load(path)


def test_multiline_answers_stay_aligned():
    assert indent("Délai :\nmardi", "Bot    : ") == "Bot    : Délai :\n         mardi"
