// The panel beside the transcript listing the codings under a clicked highlight: code,
// coder, time, memos; remove (with Undo) and write memos where the role allows. Opened
// from the keyboard it takes the focus, and Escape gives it back to the highlight.
import { announce } from "./announce.js";
import { api, el } from "./api.js";

export class CodingPanel {
  constructor({ data, codings, onChange }) {
    this.data = data;
    this.codings = codings;
    this.onChange = onChange;
    this.root = document.getElementById("coding-panel");
    this.body = document.getElementById("coding-panel-body");
    this.heading = this.root.querySelector("h2");
    this.returnTo = null;
    this.root.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || event.target.closest("input, textarea")) return;
      const back = this.returnTo;
      this.hide();
      if (back?.isConnected) back.focus();
    });
  }

  hide() {
    this.root.hidden = true;
  }

  mayRemove(coding) {
    return this.data.mayCode && (coding.coder_id === this.data.user.id || this.data.mayRemoveAny);
  }

  show(ids, from = null) {
    const items = ids.map((id) => this.codings().get(id)).filter(Boolean);
    this.body.replaceChildren(...items.map((coding) => this.item(coding)));
    this.root.hidden = items.length === 0;
    this.returnTo = from;
    if (from && !this.root.hidden) {
      this.heading.focus();
      announce(`${items.length} coding${items.length === 1 ? "" : "s"} here. Escape goes back to the text.`);
    }
  }

  item(coding) {
    const box = el("div", "coding-item");
    box.dataset.coding = String(coding.id);
    const head = el("div", "coding-code");
    head.append(el("span", `swatch code-${coding.code_id}`, ""), el("strong", "", ` ${coding.code}`));
    const when = coding.created_at ? new Date(coding.created_at).toLocaleString() : "";
    const meta = el("div", "muted", `by ${coding.coder ?? "unknown"} · ${when} · characters ${coding.start}–${coding.end}`);
    const quote = el("blockquote", "coding-quote", this.quoteOf(coding));
    const memos = el("ul", "memos");
    const tools = el("div", "coding-tools");
    box.append(head, quote, meta, memos, tools);
    this.loadMemos(coding, memos);
    if (this.data.mayCode) {
      const form = el("form", "memo-form");
      const input = el("input");
      input.placeholder = "Add a memo…";
      input.setAttribute("aria-label", "Memo");
      form.append(input, el("button", "", "Save memo"));
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        if (!input.value.trim()) return;
        await this.guard(box, () => api("POST", `/codings/${coding.id}/memos`, { text: input.value }));
        input.value = "";
        this.loadMemos(coding, memos);
      });
      tools.append(form);
    }
    if (this.mayRemove(coding)) {
      const remove = el("button", "danger", "Remove coding");
      remove.addEventListener("click", async () => {
        const memos = coding.memos ? (await this.guard(box, () => api("GET", `/codings/${coding.id}`)))?.memos : [];
        const done = await this.guard(box, () => api("DELETE", `/codings/${coding.id}`));
        if (done !== undefined) {
          box.replaceWith(this.undoItem(coding, memos ?? []));
          this.body.querySelector(".undo button")?.focus();
          announce(`Removed the coding ${coding.code}. Undo is offered.`);
          this.onChange();
        }
      });
      tools.append(remove);
    }
    return box;
  }

  // Removing takes effect at once; Undo puts the same code back on the same characters,
  // with the memos it had.
  undoItem(coding, memos) {
    const box = el("div", "coding-item undo");
    const again = el("button", "", "Undo");
    box.append(el("p", "", `Removed the coding ${coding.code}.`), again);
    again.addEventListener("click", async () => {
      const made = await this.guard(box, () =>
        api("POST", `/documents/${this.data.documentId}/codings`, {
          code_id: coding.code_id, start: coding.start, end: coding.end, memo: null,
        }),
      );
      if (!made) return;
      for (const memo of memos) {
        await this.guard(box, () => api("POST", `/codings/${made.id}/memos`, { text: memo.text }));
      }
      box.remove();
      if (!this.body.children.length) this.hide();
      announce(`The coding ${coding.code} is back.`);
      this.onChange();
    });
    return box;
  }

  // Pieces are cut at every coding's ends, so the pieces inside a coding are its text.
  quoteOf(coding) {
    const parts = [];
    for (const piece of document.querySelectorAll("#transcript [data-s]")) {
      const start = Number(piece.dataset.s);
      if (start >= coding.end) break;
      if (start >= coding.start && !piece.closest(".label-only")) parts.push(piece.textContent);
    }
    const text = parts.join("").trim();
    return text.length > 280 ? `“${text.slice(0, 280)}…”` : `“${text}”`;
  }

  async loadMemos(coding, list) {
    if (!coding.memos && !list.dataset.loaded) return;
    const found = await this.guard(list, () => api("GET", `/codings/${coding.id}`));
    if (!found) return;
    list.dataset.loaded = "1";
    list.replaceChildren(...found.memos.map((m) => el("li", "", `${m.text} — ${m.author ?? "unknown"}`)));
  }

  async guard(where, action) {
    try {
      return await action();
    } catch (error) {
      where.append(el("p", "problem", error.message));
      return undefined;
    }
  }
}
