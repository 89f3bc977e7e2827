"""The complaint domain shared by every process (Rasa server components, action server,
scheduler, consoles): pure helpers with no Rasa import and no side effect at import time."""
