// Correcting the transcript in place: a turn's words, splitting it before a clicked word,
// merging it with the next, giving it to another speaker. Each edit names the revision
// the page shows; the server answers the new one, or 409 when someone else changed the
// transcript first (the message says who and how; reloading shows their change).
import { api, el } from "./api.js";

export class TurnEditor {
  constructor({ data, transcript, player, refresh }) {
    this.data = data;
    this.transcript = transcript;
    this.player = player;
    this.refresh = refresh;
    this.status = document.getElementById("edit-status");
    this.splitting = null;
    transcript.addEventListener("click", (event) => this.onClick(event), true);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.splitting) this.stopSplitting("Split cancelled.");
    });
  }

  get busy() {
    return Boolean(this.splitting || this.transcript.querySelector(".turn-editor"));
  }

  // The edits of a turn, shown under its "Edit" button (one button a turn keeps the
  // page of a long interview light).
  toggleMenu(turn, button) {
    const open = turn.querySelector(".turn-tools");
    if (open) {
      open.remove();
      button.setAttribute("aria-expanded", "false");
      return;
    }
    const tools = el("span", "turn-tools");
    const last = !turn.parentElement.querySelector(`section[data-turn="${turn.dataset.turn}"] ~ section[data-turn]`);
    const actions = [
      ["text", "Correct words", "Correct the words of this turn"],
      ["split", "Split", "Split this turn before a word you click"],
      ...(last ? [] : [["merge", "Merge with next", "Merge this turn with the next one"]]),
      ["speaker", "Speaker", "Give this turn to another speaker"],
    ];
    for (const [action, label, title] of actions) {
      const item = el("button", "link", label);
      item.type = "button";
      item.dataset.edit = action;
      item.title = title;
      tools.append(item);
    }
    button.after(tools);
    button.setAttribute("aria-expanded", "true");
    tools.querySelector("button").focus();
  }

  say(message, problem = false, reload = false) {
    this.status.hidden = !message;
    this.status.className = problem ? "edit-status problem" : "edit-status";
    this.status.replaceChildren(el("span", "", message));
    if (reload) {
      const again = el("button", "link", "Reload the transcript");
      again.type = "button";
      again.addEventListener("click", () => window.location.reload());
      this.status.append(" ", again);
    }
  }

  async send(turn, action, body) {
    const url = `/documents/${this.data.documentId}/turns/${turn.dataset.turn}/${action}`;
    try {
      const done = await api("POST", url, { ...body, revision: this.data.revision });
      this.data.revision = done.revision;
      const moved = done.codings.map((c) => `${c.code} ${c.fate}: ${c.before} → ${c.after}`);
      this.say([done.summary, ...moved].join(" "));
      await this.refresh(true);
      await this.player.loadWords();
      return done;
    } catch (error) {
      this.say(error.message, true, error.status === 409);
      return null;
    }
  }

  onClick(event) {
    const button = event.target.closest("button[data-edit]");
    const turn = event.target.closest("section[data-turn]");
    if (this.splitting && !button) {
      event.stopPropagation();
      if (turn === this.splitting && event.target.closest(".turn-text")) this.splitAt(turn, event);
      else this.stopSplitting("Split cancelled.");
      return;
    }
    if (!button || !turn) return;
    event.stopPropagation();
    const action = button.dataset.edit;
    if (action === "menu") this.toggleMenu(turn, button);
    else if (action === "text") this.openText(turn);
    else if (action === "split") this.startSplitting(turn);
    else if (action === "merge") this.send(turn, "merge", {});
    else if (action === "speaker") this.openSpeaker(turn);
  }

  openText(turn) {
    if (turn.querySelector(".turn-editor")) return;
    const words = turn.querySelector(".turn-text");
    const form = el("form", "turn-editor");
    const area = el("textarea");
    area.value = words.textContent;
    area.rows = Math.min(12, Math.max(2, Math.ceil(area.value.length / 80)));
    area.setAttribute("aria-label", "Words of this turn");
    const save = el("button", "", "Save");
    const cancel = el("button", "link", "Cancel");
    cancel.type = "button";
    const hint = el("span", "muted", "Ctrl+Enter saves · Esc cancels");
    const tools = el("div", "turn-editor-tools");
    tools.append(save, cancel, hint);
    form.append(area, tools);
    words.hidden = true;
    words.after(form);
    area.focus();
    const close = () => {
      form.remove();
      words.hidden = false;
    };
    cancel.addEventListener("click", close);
    area.addEventListener("keydown", (event) => {
      if (event.key === "Escape") close();
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      save.disabled = true;
      const done = await this.send(turn, "text", { text: area.value });
      if (!done) save.disabled = false;
    });
  }

  openSpeaker(turn) {
    if (turn.querySelector(".speaker-editor")) return;
    const form = el("form", "speaker-editor");
    const input = el("input");
    input.setAttribute("list", "speaker-labels");
    input.setAttribute("aria-label", "Speaker of this turn");
    input.value = turn.querySelector(".speaker").textContent;
    const save = el("button", "", "Give to speaker");
    const cancel = el("button", "link", "Cancel");
    cancel.type = "button";
    form.append(input, save, cancel);
    turn.querySelector(".turn-head").after(form);
    input.select();
    cancel.addEventListener("click", () => form.remove());
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") form.remove();
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      await this.send(turn, "speaker", { speaker: input.value });
    });
  }

  startSplitting(turn) {
    this.stopSplitting(null);
    this.splitting = turn;
    turn.classList.add("splitting");
    this.say("Click the word the new turn begins with (Esc to stop).");
  }

  stopSplitting(message) {
    this.splitting?.classList.remove("splitting");
    this.splitting = null;
    if (message !== null) this.say(message);
  }

  // Split before the clicked word: find its start in the turn's text (code points).
  splitAt(turn, event) {
    const offset = this.player.offsetAt(event.clientX, event.clientY);
    if (offset === null) return;
    const from = Number(turn.dataset.from);
    const characters = [...turn.querySelector(".turn-text").textContent];
    let at = offset - from;
    if (at < characters.length && /\s/.test(characters[at])) at += 1;
    while (at > 0 && !/\s/.test(characters[at - 1])) at -= 1;
    this.stopSplitting(null);
    if (at <= 0) {
      this.say("That is the first word of the turn: click a later word to split before it.", true);
      return;
    }
    this.send(turn, "split", { at: from + at });
  }
}
