"""Rasa's file importer, reading the NLU files once per training.

``rasa train`` asks the importer for the NLU data twice: once without a language (to see
whether there is anything to train) and once with ``config.yml``'s language (for the
pipeline). Rasa caches the answer per argument, so the YAML files were read, parsed and
checked against their schema twice: about 11 s of a cold training. The language only
matters to the old JSON and Markdown readers; the YAML reader ignores it, so this importer
reads the files once and hands out the same (never modified: Rasa merges copies of it)
data whatever the language asked. Named in ``config.yml`` under ``importers``.
"""

from __future__ import annotations

from typing import Optional

from rasa.shared.importers.rasa import RasaFileImporter
from rasa.shared.nlu.training_data.training_data import TrainingData


class ReadOnceFileImporter(RasaFileImporter):
    """``RasaFileImporter`` whose NLU data is read once, whatever the language asked."""

    _nlu_data: Optional[TrainingData] = None

    def get_nlu_data(self, language: Optional[str] = "en") -> TrainingData:
        if self._nlu_data is None:
            self._nlu_data = super().get_nlu_data(language)
        return self._nlu_data
