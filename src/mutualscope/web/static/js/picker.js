// The code picker: opens beside a selection; type to filter, arrows to move, Enter to
// apply, Escape to close (the focus goes back where it was). Owners may create a new
// code from what they typed.
import { el } from "./api.js";

const MAX_SHOWN = 60;

export class CodePicker {
  constructor({ codes, mayCreate, onPick }) {
    this.codes = codes;
    this.mayCreate = mayCreate;
    this.onPick = onPick;
    this.root = document.getElementById("code-picker");
    this.search = document.getElementById("picker-search");
    this.list = document.getElementById("picker-list");
    this.memo = document.getElementById("picker-memo");
    this.quote = document.getElementById("picker-quote");
    this.problem = document.getElementById("picker-problem");
    this.choices = [];
    this.active = 0;
    this.search.addEventListener("input", () => this.render());
    this.search.addEventListener("keydown", (event) => this.onKey(event));
    this.memo.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.close();
    });
    document.addEventListener("mousedown", (event) => {
      if (!this.root.hidden && !this.root.contains(event.target)) this.close();
    });
  }

  get isOpen() {
    return !this.root.hidden;
  }

  open(selection) {
    this.returnTo = document.activeElement;
    this.quote.textContent = selection.text.length > 160 ? `${selection.text.slice(0, 160)}…` : selection.text;
    this.search.value = "";
    this.memo.value = "";
    this.showProblem(null);
    this.root.hidden = false;
    const top = window.scrollY + selection.rect.bottom + 8;
    const left = Math.min(window.scrollX + selection.rect.left, window.scrollX + window.innerWidth - 380);
    this.root.style.top = `${top}px`;
    this.root.style.left = `${Math.max(8, left)}px`;
    this.render();
    this.search.focus({ preventScroll: true });
  }

  close(restoreFocus = true) {
    this.root.hidden = true;
    const back = this.returnTo;
    this.returnTo = null;
    if (restoreFocus && back?.isConnected && back.closest("#transcript")) back.focus({ preventScroll: true });
  }

  showProblem(message) {
    this.problem.hidden = !message;
    this.problem.textContent = message ?? "";
  }

  render() {
    const query = this.search.value.trim().toLowerCase();
    const matches = this.codes.filter((c) => c.path.toLowerCase().includes(query)).slice(0, MAX_SHOWN);
    this.choices = matches.map((code) => ({ codeId: code.id, label: code.path, code }));
    const exact = this.codes.some((c) => c.path.toLowerCase() === query);
    if (this.mayCreate && query && !exact) {
      this.choices.push({ create: this.search.value.trim(), label: `Create code “${this.search.value.trim()}”` });
    }
    this.active = 0;
    this.list.replaceChildren(
      ...this.choices.map((choice, index) => {
        const item = el("li", "picker-item", null);
        item.setAttribute("role", "option");
        item.id = `picker-option-${index}`;
        item.dataset.index = String(index);
        if (choice.codeId !== undefined) item.append(el("span", `swatch code-${choice.codeId}`, ""));
        item.append(el("span", choice.create ? "create" : "", choice.label));
        if (choice.code?.definition) item.title = choice.code.definition;
        item.addEventListener("mousedown", (event) => {
          event.preventDefault();
          this.choose(index);
        });
        return item;
      }),
    );
    if (!this.choices.length) this.list.append(el("li", "muted", "No code matches."));
    this.highlight();
  }

  // The search box keeps the focus; aria-activedescendant tells a screen reader which
  // code the arrows have reached.
  highlight() {
    [...this.list.children].forEach((item, index) => {
      item.setAttribute("aria-selected", String(index === this.active));
      if (index === this.active) item.scrollIntoView({ block: "nearest" });
    });
    const active = this.list.children[this.active];
    if (active?.id) this.search.setAttribute("aria-activedescendant", active.id);
    else this.search.removeAttribute("aria-activedescendant");
  }

  onKey(event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      this.active = (this.active + step + this.choices.length) % Math.max(1, this.choices.length);
      this.highlight();
    } else if (event.key === "Enter") {
      event.preventDefault();
      this.choose(this.active);
    } else if (event.key === "Escape") {
      this.close();
    }
  }

  choose(index) {
    const choice = this.choices[index];
    if (choice) this.onPick(choice, this.memo.value.trim());
  }
}
