// The recording beside a transcript: a click on a word or a turn's time plays from there,
// the word being said is highlighted, and keys control playback. Words come from
// /words as four numbers each (see the API); their offsets are code points, as the
// server counts, and each piece's text is converted to the DOM's UTF-16 units.
import { api } from "./api.js";

const STEP_SECONDS = 5;
const RATES = [0.5, 0.75, 1, 1.25, 1.5, 2];

function lastAtOrBefore(values, wanted) {
  let low = 0;
  let high = values.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (values[middle] <= wanted) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

// The UTF-16 index of the code point `count` code points into `text`.
function unitsFor(text, count) {
  let units = 0;
  for (const character of text) {
    if (count-- <= 0) break;
    units += character.length;
  }
  return units;
}

function codePoints(text) {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

export function isTyping(target) {
  return Boolean(target?.closest?.("input, textarea, select, [contenteditable]"));
}

export class Player {
  constructor({ data, transcript }) {
    this.data = data;
    this.transcript = transcript;
    this.audio = document.getElementById("audio");
    this.speed = document.getElementById("player-speed");
    this.follow = document.getElementById("player-follow");
    this.words = { starts: [], ends: [], times: [], stops: [] };
    this.current = -1;
    this.pieces = [];
    this.pieceStarts = [];
    this.mark = "highlights" in CSS ? new Highlight() : null;
    if (!this.audio) return;
    if (this.mark) CSS.highlights.set("now-playing", this.mark);
    this.indexPieces();
    this.loadWords();
    this.audio.addEventListener("play", () => this.tick());
    this.audio.addEventListener("seeked", () => this.show(this.wordAtTime(this.audio.currentTime)));
    this.speed.addEventListener("change", () => {
      this.audio.playbackRate = Number(this.speed.value);
    });
    transcript.addEventListener("transcript:updated", () => {
      this.indexPieces();
      this.current = -1;
      this.show(this.wordAtTime(this.audio.currentTime));
    });
    transcript.addEventListener("click", (event) => this.onClick(event));
    document.addEventListener("keydown", (event) => this.onKey(event));
  }

  get enabled() {
    return Boolean(this.audio);
  }

  async loadWords() {
    if (!this.audio) return;
    const found = await api("GET", `/documents/${this.data.documentId}/words`);
    const flat = found.words;
    const words = { starts: [], ends: [], times: [], stops: [] };
    let end = 0;
    let time = 0;
    for (let i = 0; i < flat.length; i += 4) {
      const start = end + flat[i];
      end = start + flat[i + 1];
      time += flat[i + 2];
      words.starts.push(start);
      words.ends.push(end);
      words.times.push(time / 100);
      words.stops.push((time + flat[i + 3]) / 100);
    }
    this.words = words;
    this.data.revision = found.revision;
    this.current = -1;
    this.transcript.dataset.words = String(words.starts.length);
  }

  indexPieces() {
    this.pieces = [...this.transcript.querySelectorAll("[data-s]")];
    this.pieceStarts = this.pieces.map((piece) => Number(piece.dataset.s));
  }

  wordAtTime(seconds) {
    return lastAtOrBefore(this.words.times, seconds + 0.001);
  }

  // The word at a text offset, or the next one when the offset is between words.
  wordAtOffset(offset) {
    const { starts, ends } = this.words;
    const i = lastAtOrBefore(starts, offset);
    if (i >= 0 && offset < ends[i]) return i;
    return i + 1 < starts.length ? i + 1 : -1;
  }

  // A DOM position for a code point offset in the transcript.
  position(offset) {
    const index = lastAtOrBefore(this.pieceStarts, offset);
    if (index < 0) return null;
    const piece = this.pieces[index];
    const node = piece.firstChild;
    if (!node) return null;
    return { node, units: Math.min(node.data.length, unitsFor(node.data, offset - this.pieceStarts[index])) };
  }

  rangeOf(i) {
    const start = this.position(this.words.starts[i]);
    const end = this.position(this.words.ends[i] - 1);
    if (!start || !end) return null;
    const range = document.createRange();
    range.setStart(start.node, start.units);
    const last = end.node.data.slice(end.units);
    range.setEnd(end.node, end.units + (last.codePointAt(0) > 0xffff ? 2 : last.length ? 1 : 0));
    return range;
  }

  show(i) {
    if (i === this.current) return;
    this.current = i;
    this.transcript.dataset.playing = i >= 0 ? String(this.words.starts[i]) : "";
    if (!this.mark) return;
    this.mark.clear();
    const range = i >= 0 ? this.rangeOf(i) : null;
    if (!range) return;
    this.mark.add(range);
    if (this.follow?.checked && !this.audio.paused) {
      const box = range.getBoundingClientRect();
      if (box.top < 80 || box.bottom > window.innerHeight - 40) {
        range.startContainer.parentElement.scrollIntoView({ block: "center", behavior: "smooth" });
      }
    }
  }

  tick() {
    this.show(this.wordAtTime(this.audio.currentTime));
    if (!this.audio.paused && !this.audio.ended) requestAnimationFrame(() => this.tick());
  }

  playFrom(seconds) {
    this.audio.currentTime = Math.max(0, seconds);
    this.show(this.wordAtTime(this.audio.currentTime));
    this.audio.play().catch(() => {});
  }

  // The code point offset in the text under a point of the screen, or null.
  offsetAt(x, y) {
    const caret = document.caretPositionFromPoint
      ? document.caretPositionFromPoint(x, y)
      : document.caretRangeFromPoint?.(x, y);
    if (!caret) return null;
    const node = caret.offsetNode ?? caret.startContainer;
    const units = caret.offset ?? caret.startOffset;
    const piece = node?.parentElement?.closest?.("[data-s]");
    if (!piece || node.nodeType !== Node.TEXT_NODE) return null;
    return Number(piece.dataset.s) + codePoints(node.data.slice(0, units));
  }

  onClick(event) {
    const time = event.target.closest("button.time[data-time]");
    if (time) {
      this.playFrom(Number(time.dataset.time));
      return;
    }
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return;
    if (!event.target.closest(".turn-text") || isTyping(event.target)) return;
    const offset = this.offsetAt(event.clientX, event.clientY);
    if (offset === null) return;
    const i = this.wordAtOffset(offset);
    if (i >= 0) this.playFrom(this.words.times[i]);
  }

  setRate(step) {
    const at = RATES.indexOf(this.audio.playbackRate);
    const next = RATES[Math.min(RATES.length - 1, Math.max(0, (at < 0 ? 2 : at) + step))];
    this.audio.playbackRate = next;
    this.speed.value = String(next);
  }

  onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    if (document.querySelector("#code-picker:not([hidden])")) return;
    const key = event.key;
    if (key === " " || key === "k" || key === "K") {
      if (event.target.closest?.("button, a, audio")) return;
      if (this.audio.paused) this.audio.play().catch(() => {});
      else this.audio.pause();
    } else if (key === "j" || key === "J") {
      this.audio.currentTime = Math.max(0, this.audio.currentTime - STEP_SECONDS);
    } else if (key === "l" || key === "L") {
      this.audio.currentTime = this.audio.currentTime + STEP_SECONDS;
    } else if (key === "[") {
      this.setRate(-1);
    } else if (key === "]") {
      this.setRate(1);
    } else {
      return;
    }
    event.preventDefault();
  }
}
