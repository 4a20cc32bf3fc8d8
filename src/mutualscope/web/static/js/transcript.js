// The transcript page: select a passage to code it, click a highlight to inspect it, and
// pick up other coders' changes by polling the codings' signature. With a recording, the
// player plays from clicked words; coders and owners correct turns in place. Everything
// works from the keyboard too (caret.js), and highlights carry their code names (margin.js).
import { announce } from "./announce.js";
import { api } from "./api.js";
import { KeyboardSelection } from "./caret.js";
import { describeRuns, layoutMargin, lightMargin } from "./margin.js";
import { selectionOffsets } from "./offsets.js";
import { CodePicker } from "./picker.js";
import { CodingPanel } from "./panel.js";
import { isTyping, Player } from "./player.js";
import { TurnEditor } from "./turn_editor.js";

const data = JSON.parse(document.getElementById("page-data").textContent);
const transcript = document.getElementById("transcript");
const count = document.getElementById("coding-count");
const status = document.getElementById("poll-status");
let codings = new Map(data.codings.map((c) => [c.id, c]));
let signature = data.signature;
let pending = null;

const panel = new CodingPanel({ data, codings: () => codings, onChange: () => refresh(true) });
const picker = new CodePicker({ codes: data.codes, mayCreate: data.mayCreateCode, onPick: apply });

function reloadColours() {
  const link = document.querySelector('link[href^="/code-colours.css"]');
  if (link) link.href = `/code-colours.css?v=${Date.now()}`;
}

async function apply(choice, memo) {
  if (!pending) return;
  try {
    let codeId = choice.codeId;
    if (choice.create) {
      const code = await api("POST", "/codes", { path: choice.create });
      data.codes.push({ id: code.id, path: code.path, colour: code.colour, definition: code.definition });
      reloadColours();
      codeId = code.id;
    }
    await api("POST", `/documents/${data.documentId}/codings`, {
      code_id: codeId, start: pending.start, end: pending.end, memo: memo || null,
    });
  } catch (error) {
    picker.showProblem(error.message);
    return;
  }
  const at = pending.start;
  pending = null;
  picker.close(false);
  window.getSelection()?.removeAllRanges();
  await refresh(true);
  announce(`Coded with ${choice.code?.path ?? choice.create}.`);
  focusAt(at);
}

// After the transcript is redrawn, focus returns to the highlight (or the turn's text) at
// the same place, so a keyboard user does not lose their place.
function focusAt(start) {
  let piece = null;
  for (const candidate of transcript.querySelectorAll("[data-s]")) {
    if (Number(candidate.dataset.s) > start) break;
    piece = candidate;
  }
  const target = piece?.closest("mark.run") ?? piece?.closest(".turn-text");
  target?.focus({ preventScroll: true });
}

const descriptions = document.getElementById("run-descriptions");

function decorate() {
  describeRuns(transcript, codings, descriptions);
  layoutMargin(transcript, codings, (ids) => panel.show(ids));
}

async function refresh(force) {
  const query = `coders=${data.coders}`;
  const found = await api("GET", `/documents/${data.documentId}/codings?${query}`);
  if (!force && found.signature === signature) return;
  const response = await fetch(`/documents/${data.documentId}/body?${query}`);
  if (!response.ok) return;
  const focused = transcript.contains(document.activeElement) ? document.activeElement : null;
  const place = focused?.querySelector("[data-s]")?.dataset.s;
  // The fragment is rendered by the server's autoescaping templates.
  transcript.innerHTML = await response.text();
  codings = new Map(found.codings.map((c) => [c.id, c]));
  signature = found.signature;
  count.textContent = String(found.codings.length);
  decorate();
  if (place !== undefined) focusAt(Number(place));
  transcript.dispatchEvent(new CustomEvent("transcript:updated", { bubbles: true }));
}
// The suggestions layer asks for this after accepting a suggestion.
transcript.addEventListener("transcript:refresh", () => refresh(true));

const player = new Player({ data, transcript });
const editor = data.mayEdit ? new TurnEditor({ data, transcript, player, refresh }) : null;

function codeSelection() {
  const selection = selectionOffsets(transcript);
  if (selection) {
    pending = selection;
    panel.hide();
    picker.open(selection);
  }
}

transcript.addEventListener("mouseup", (event) => {
  if (!data.mayCode || isTyping(event.target) || editor?.busy) return;
  // Let the browser settle the selection first.
  setTimeout(codeSelection, 0);
});

function openRun(run) {
  panel.show(run.dataset.c.split(" ").map(Number), run);
}

new KeyboardSelection({
  transcript,
  mayCode: data.mayCode,
  onCode: codeSelection,
  onOpen: openRun,
  blocked: (target) => isTyping(target) || Boolean(editor?.busy) || picker.isOpen,
});

transcript.addEventListener("mouseover", (event) => lightMargin(transcript, event.target.closest?.("mark.run")));
transcript.addEventListener("focusin", (event) => lightMargin(transcript, event.target.closest?.("mark.run")));
let relayout = 0;
window.addEventListener("resize", () => {
  cancelAnimationFrame(relayout);
  relayout = requestAnimationFrame(() => layoutMargin(transcript, codings, (ids) => panel.show(ids)));
});
document.fonts?.ready.then(decorate);
decorate();

transcript.addEventListener("click", (event) => {
  const selection = window.getSelection();
  if (selection && !selection.isCollapsed) return;
  const mark = event.target.closest(".hl");
  if (!mark) {
    panel.hide();
    return;
  }
  panel.show(mark.dataset.c.split(" ").map(Number));
});

function busy() {
  const selection = window.getSelection();
  return picker.isOpen || editor?.busy || (selection && !selection.isCollapsed && transcript.contains(selection.anchorNode));
}

async function poll() {
  try {
    if (!document.hidden && !busy()) await refresh(false);
    status.hidden = true;
  } catch (error) {
    // The server may be restarting or the network down: say so and keep polling.
    status.hidden = false;
    status.textContent = `Not up to date: ${error.message}`;
  } finally {
    setTimeout(poll, Math.max(1, data.pollSeconds) * 1000);
  }
}
setTimeout(poll, Math.max(1, data.pollSeconds) * 1000);

function jumpToHash() {
  const match = /^#s(\d+)$/.exec(window.location.hash);
  if (!match) return;
  const wanted = Number(match[1]);
  let target = null;
  for (const piece of transcript.querySelectorAll("[data-s]")) {
    if (Number(piece.dataset.s) > wanted) break;
    target = piece;
  }
  if (target) {
    target.scrollIntoView({ block: "center" });
    target.classList.add("flash");
  }
}
jumpToHash();
