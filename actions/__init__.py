"""Custom actions of the complaint de-escalation assistant.

One module per concern; rasa-sdk imports every submodule, so none of them may do
anything heavy at import time (no database engine, no model load, no client).
"""
