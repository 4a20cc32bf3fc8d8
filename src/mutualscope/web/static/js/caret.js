// Selecting text with the keyboard alone. Tab reaches each turn's text and each highlight;
// arrows move a caret (drawn here, as browsers draw none in text that is not editable),
// Shift with arrows selects, Ctrl or Alt moves by words, Home and End go to the line's
// ends. On a highlight, Up and Down go to the previous or next highlight. `c` (or
// Ctrl+Enter) codes the selection; Enter on a highlight opens its codings.
import { el } from "./api.js";

const STEPS = {
  ArrowLeft: ["backward", "character"],
  ArrowRight: ["forward", "character"],
  ArrowUp: ["backward", "line"],
  ArrowDown: ["forward", "line"],
  Home: ["backward", "lineboundary"],
  End: ["forward", "lineboundary"],
};

export class KeyboardSelection {
  constructor({ transcript, mayCode, onCode, onOpen, blocked }) {
    this.transcript = transcript;
    this.mayCode = mayCode;
    this.onCode = onCode;
    this.onOpen = onOpen;
    this.blocked = blocked;
    transcript.addEventListener("keydown", (event) => this.onKey(event));
    transcript.addEventListener("focusout", () => setTimeout(() => this.drawCaret(), 0));
    document.addEventListener("selectionchange", () => this.drawCaret());
  }

  onKey(event) {
    const target = event.target;
    const run = target.closest?.("mark.run");
    const text = target.closest?.(".turn-text");
    if (!text || this.blocked(target)) return;
    const plain = !event.ctrlKey && !event.altKey && !event.metaKey;
    if (run && target === run && plain && !event.shiftKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      this.nextRun(run, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key in STEPS) {
      event.preventDefault();
      this.step(target, event);
    } else if (this.mayCode && ((plain && event.key === "c") || (event.ctrlKey && event.key === "Enter"))) {
      const selection = window.getSelection();
      if (selection && !selection.isCollapsed && this.transcript.contains(selection.anchorNode)) {
        event.preventDefault();
        this.onCode();
      }
    } else if (run && target === run && plain && event.key === "Enter") {
      event.preventDefault();
      this.onOpen(run);
    } else if (event.key === "Escape") {
      window.getSelection()?.collapseToEnd();
    }
  }

  nextRun(run, direction) {
    const runs = [...this.transcript.querySelectorAll("mark.run")];
    const next = runs[runs.indexOf(run) + direction];
    if (next) next.focus();
  }

  step(target, event) {
    const selection = window.getSelection();
    if (!selection.rangeCount || !target.contains(selection.anchorNode)) {
      const first = target.querySelector("[data-s]")?.firstChild;
      if (!first) return;
      selection.collapse(first, 0);
    }
    const [direction, unit] = STEPS[event.key];
    const granularity = (event.ctrlKey || event.altKey) && unit === "character" ? "word" : unit;
    selection.modify(event.shiftKey ? "extend" : "move", direction, granularity);
    this.drawCaret();
  }

  drawCaret() {
    let caret = this.transcript.querySelector(".kbd-caret");
    const selection = window.getSelection();
    const focused = this.transcript.contains(document.activeElement) && document.activeElement !== this.transcript;
    const show = focused && selection?.rangeCount && selection.isCollapsed && this.transcript.contains(selection.anchorNode);
    if (!show) {
      if (caret) caret.hidden = true;
      return;
    }
    const rect = selection.getRangeAt(0).getClientRects()[0] ?? selection.getRangeAt(0).getBoundingClientRect();
    if (!rect || !rect.height) return;
    if (!caret) {
      caret = el("span", "kbd-caret");
      caret.setAttribute("aria-hidden", "true");
      this.transcript.append(caret);
    }
    const origin = this.transcript.getBoundingClientRect();
    caret.hidden = false;
    caret.style.left = `${rect.left - origin.left}px`;
    caret.style.top = `${rect.top - origin.top}px`;
    caret.style.height = `${rect.height}px`;
  }
}
