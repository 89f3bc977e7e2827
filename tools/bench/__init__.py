"""The speed benchmark against Rasa's stock starter bot (python -m tools.bench_compare)."""
