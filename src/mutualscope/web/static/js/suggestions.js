// The transcript's suggestions layer: pick a code (or all codes), see the passages
// suggested for it highlighted with the code and score, and accept (A) or reject (R)
// them one by one, moving with N and P. Accepting makes an ordinary coding by you;
// a rejected passage is not suggested for that code again.
import { api, el } from "./api.js";
import { isTyping } from "./player.js";

const data = JSON.parse(document.getElementById("page-data").textContent);
const transcript = document.getElementById("transcript");
const card = document.getElementById("suggestions");
const form = document.getElementById("suggest-form");
const codeChoice = document.getElementById("suggest-code");
const missing = document.getElementById("suggest-missing");
const status = document.getElementById("suggest-status");
const current = document.getElementById("suggest-current");
const list = document.getElementById("suggest-list");
const codeIds = new Map(data.codes.map((c) => [c.path, c.id]));

let items = [];
let index = -1;

function codePoints(text) {
  return Array.from(text);
}

// Cut the piece holding `offset` in two, so a suggestion's edges fall between pieces;
// each half keeps its classes and its own data-s, so selections still map to offsets.
function splitAt(offset) {
  for (const piece of transcript.querySelectorAll("[data-s]")) {
    const start = Number(piece.dataset.s);
    const chars = codePoints(piece.textContent);
    if (start < offset && offset < start + chars.length) {
      const tail = piece.cloneNode(false);
      tail.dataset.s = String(offset);
      tail.textContent = chars.slice(offset - start).join("");
      piece.textContent = chars.slice(0, offset - start).join("");
      piece.after(tail);
      return;
    }
  }
}

function piecesOf(item) {
  return [...transcript.querySelectorAll("[data-s]")].filter((piece) => {
    const start = Number(piece.dataset.s);
    return start >= item.start && start < item.end;
  });
}

function label(item) {
  return `${item.code} · ${item.score.toFixed(2)}`;
}

function mark() {
  for (const piece of transcript.querySelectorAll("[data-suggestion]")) {
    piece.classList.remove("suggested", "suggested-current");
    delete piece.dataset.suggestion;
    delete piece.dataset.label;
    piece.removeAttribute("title");
  }
  items.forEach((item, position) => {
    splitAt(item.start);
    splitAt(item.end);
    const pieces = piecesOf(item);
    pieces.forEach((piece) => {
      piece.classList.add("suggested");
      if (position === index) piece.classList.add("suggested-current");
      piece.dataset.suggestion = String(item.id);
      piece.title = `Suggested: ${label(item)}`;
    });
    if (pieces.length) {
      pieces[0].dataset.label = label(item);
      const id = codeIds.get(item.code);
      if (id !== undefined) pieces[0].dataset.code = String(id);
    }
  });
}

function show() {
  list.replaceChildren(
    ...items.map((item, position) => {
      const entry = el("li", position === index ? "current" : "");
      const button = el("button", "link", `${label(item)} — ${item.speaker ?? "?"}: ${item.text.slice(0, 70)}`);
      button.type = "button";
      button.addEventListener("click", () => select(position));
      entry.append(button);
      return entry;
    }),
  );
  current.hidden = index < 0;
  if (index >= 0) {
    const item = items[index];
    document.getElementById("suggest-what").textContent = label(item);
    document.getElementById("suggest-where").textContent = `${index + 1} of ${items.length}`;
  }
  mark();
}

function select(position, scroll = true) {
  index = items.length ? Math.max(0, Math.min(position, items.length - 1)) : -1;
  show();
  if (scroll && index >= 0) {
    transcript.querySelector(`[data-suggestion="${items[index].id}"]`)?.scrollIntoView({ block: "center" });
  }
}

async function decide(verb) {
  if (index < 0) return;
  const item = items[index];
  try {
    const decision = await api("POST", `/assist/suggestions/${item.id}/${verb}`);
    status.textContent =
      verb === "accept"
        ? `Accepted: coded with ${decision.code} (coding ${decision.coding_id}).`
        : `Rejected: not suggested for ${decision.code} again.`;
  } catch (error) {
    status.textContent = error.message;
    return;
  }
  items.splice(index, 1);
  select(index);
  if (verb === "accept") transcript.dispatchEvent(new CustomEvent("transcript:refresh"));
}

async function suggest(event) {
  event.preventDefault();
  const code = codeChoice.value || null;
  status.textContent = "Finding passages…";
  try {
    items = await api("POST", `/documents/${data.documentId}/suggestions`, { code, top: code ? 5 : 3 });
  } catch (error) {
    status.textContent = error.message;
    return;
  }
  status.textContent = items.length
    ? `${items.length} suggestion(s): A accept, R reject, N next, P previous.`
    : "Nothing to suggest here: every passage is coded with it or was rejected.";
  select(0);
}

document.getElementById("suggest-accept").addEventListener("click", () => decide("accept"));
document.getElementById("suggest-reject").addEventListener("click", () => decide("reject"));
document.getElementById("suggest-next").addEventListener("click", () => select(index + 1));
document.getElementById("suggest-previous").addEventListener("click", () => select(index - 1));
form.addEventListener("submit", suggest);
// The transcript is drawn again after every change of codings: mark it again.
transcript.addEventListener("transcript:updated", () => mark());

document.addEventListener("keydown", (event) => {
  if (!items.length || isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
  if (document.querySelector(".picker:not([hidden])")) return;
  const actions = { a: () => decide("accept"), r: () => decide("reject"), n: () => select(index + 1), p: () => select(index - 1) };
  const action = actions[event.key.toLowerCase()];
  if (action) {
    event.preventDefault();
    action();
  }
});

async function start() {
  const state = await api("GET", "/assist/status");
  if (!state.available) {
    missing.hidden = false;
    missing.textContent = `Suggestions need the optional 'assist' extra (missing: ${state.missing.join(", ")}). Install it with: ${state.install}`;
    form.hidden = true;
    return;
  }
  items = await api("GET", `/documents/${data.documentId}/suggestions`);
  if (items.length) status.textContent = `${items.length} open suggestion(s) from before.`;
  select(0, false);
}

if (card) start().catch((error) => {
  status.textContent = error.message;
});
