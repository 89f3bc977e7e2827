"""Rasa server plugins loaded from endpoints.yml (lock store, tracker store)."""
