"""Custom Rasa graph components (referenced from config.yml as components.<module>.<Class>)."""
