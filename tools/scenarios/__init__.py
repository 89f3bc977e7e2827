"""Whole conversations played by a scripted customer against the real servers
(``python -m tools.scenarios``; ``tests/e2e/test_scenarios.py`` runs them in ``make test``)."""
