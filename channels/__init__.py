"""Custom Rasa input channels (referenced from credentials.yml)."""
