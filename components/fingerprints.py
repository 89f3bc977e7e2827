"""Tokens and features that Rasa's training can fingerprint cheaply.

During ``rasa train``, after every graph node that changes the training messages, Rasa
fingerprints the whole output for its training cache, even when the cache is off. A message's
fingerprint is rebuilt each time a component adds to it, and with it:

* every token's fingerprint (``Token.fingerprint``: five nested MD5s and a JSON dump per
  token), rebuilt for the tokenizer, the spaCy featurizer and each tf-idf featurizer;
* each feature matrix, written out as text: ``str()`` of the dense vectors' bytes, and a
  ``"(i, j)\\tvalue"`` line per stored value of a sparse matrix.

That was 18 s of a 2 min 15 s cold training. The classes below give the same fingerprints'
guarantees (stable across runs, different when the content differs) for a fraction of the
cost: a token is hashed once from its content and keeps the hash until its data changes,
and a feature matrix is hashed from its raw arrays. Nothing else about tokens or features changes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, List, Optional

import numpy as np
import scipy.sparse
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message


class KeptFingerprintToken(Token):
    """A ``Token`` fingerprinted by one hash of its content, kept until ``set`` changes it."""

    _fingerprint: Optional[str] = None

    @classmethod
    def of(cls, token: Token) -> KeptFingerprintToken:
        return cls(token.text, token.start, token.end, dict(token.data), token.lemma)

    def set(self, prop: str, info: Any) -> None:
        super().set(prop, info)
        self._fingerprint = None

    def fingerprint(self) -> str:
        if self._fingerprint is None:
            content = [self.text, self.start, self.end, self.lemma, self.data]
            dumped = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
            self._fingerprint = hashlib.md5(dumped.encode()).hexdigest()
        return self._fingerprint


def _matrix_digest(matrix: Any) -> str:
    digest = hashlib.md5()
    if scipy.sparse.issparse(matrix):
        coo = matrix.tocoo()
        digest.update(f"sparse {coo.shape} {coo.dtype}".encode())
        for part in (coo.row, coo.col, coo.data):
            digest.update(np.ascontiguousarray(part).tobytes())
    else:
        array = np.ascontiguousarray(matrix)
        digest.update(f"dense {array.shape} {array.dtype}".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


class HashedFeatures(Features):
    """``Features`` whose fingerprint hashes the matrix's arrays instead of printing them."""

    @classmethod
    def of(cls, features: Features) -> HashedFeatures:
        if isinstance(features, HashedFeatures):
            return features
        return cls(features.features, features.type, features.attribute, features.origin)

    def fingerprint(self) -> str:
        if self._cached_fingerprint is None:
            header = f"{self.type}|{self.origin}|{self.attribute}|"
            self._cached_fingerprint = hashlib.md5(
                (header + _matrix_digest(self.features)).encode()
            ).hexdigest()
        return self._cached_fingerprint


def hash_features_added(message: Message, before: int) -> None:
    """Turns the features added to ``message`` since it had ``before`` of them into
    ``HashedFeatures`` (``Message.add_features`` appends them)."""
    added: List[Features] = message.features[before:]
    message.features[before:] = [HashedFeatures.of(features) for features in added]
