"""components/importer.py: the NLU files read once per training, whatever the language asked,
with the same data Rasa's own importer gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.importers import rasa as rasa_importer
from rasa.shared.importers.importer import TrainingDataImporter

from components.importer import ReadOnceFileImporter

ROOT = Path(__file__).resolve().parents[2]
NLU = """version: "3.1"
nlu:
- intent: complain_delivery
  examples: |
    - mon colis n'est jamais arrivé
    - toujours pas de livraison depuis lundi
- intent: greet
  examples: |
    - bonjour
"""


@pytest.fixture
def reads(monkeypatch):
    calls = []
    original = rasa_importer.utils.training_data_from_paths

    def counting(paths, language):
        calls.append(language)
        return original(paths, language)

    monkeypatch.setattr(rasa_importer.utils, "training_data_from_paths", counting)
    return calls


def _project(tmp_path):
    (tmp_path / "nlu.yml").write_text(NLU, encoding="utf-8")
    (tmp_path / "config.yml").write_text(
        "language: fr\nimporters:\n  - name: components.importer.ReadOnceFileImporter\n", encoding="utf-8"
    )
    return tmp_path


def test_the_nlu_files_are_read_once_for_both_of_rasas_requests(tmp_path, reads):
    project = _project(tmp_path)
    importer = TrainingDataImporter.load_from_config(
        str(project / "config.yml"), training_data_paths=[str(project / "nlu.yml")]
    )
    without_language = importer.get_nlu_data()
    with_language = importer.get_nlu_data("fr")
    assert len(reads) == 1
    assert sorted(m.get("text") for m in with_language.intent_examples) == sorted(
        m.get("text") for m in without_language.intent_examples
    )
    assert len(with_language.intent_examples) == 3


def test_it_gives_what_rasas_file_importer_gives(tmp_path, reads):
    project = _project(tmp_path)
    paths = [str(project / "nlu.yml")]
    ours = ReadOnceFileImporter(None, None, paths).get_nlu_data("fr")
    rasas = rasa_importer.RasaFileImporter(None, None, paths).get_nlu_data("fr")
    assert [(m.get("text"), m.get("intent")) for m in ours.training_examples] == [
        (m.get("text"), m.get("intent")) for m in rasas.training_examples
    ]
    assert len(reads) == 2  # one each


def test_the_project_configuration_uses_it(tmp_path, reads):
    project = _project(tmp_path)
    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), training_data_paths=[str(project / "nlu.yml")]
    )
    importer.get_nlu_data()
    importer.get_nlu_data("fr")
    assert len(reads) == 1
