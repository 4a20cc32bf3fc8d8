// The personal-data review page: the transcript with each finding marked by its status,
// the findings listed with Accept and Reject, a missed one marked by selecting its words,
// and the pseudonymised text built from what was accepted. Offsets are code points, as
// the server counts them; every piece of text is a [data-s] element (offsets.js).
import { api, el } from "./api.js";
import { selectionOffsets } from "./offsets.js";

const data = JSON.parse(document.getElementById("page-data").textContent);
const chars = Array.from(data.text);
const root = document.getElementById("finding-text");
const list = document.getElementById("finding-list");
const filter = document.getElementById("finding-filter");
const summary = document.getElementById("finding-summary");
const problem = document.getElementById("findings-problem");
const addButton = document.getElementById("add-finding");
const addKind = document.getElementById("add-kind");
const addSelection = document.getElementById("add-selection");
const protectedText = document.getElementById("protected-text");
const protectedNote = document.getElementById("protected-note");
const spoken = document.getElementById("finding-announce");
let findings = data.findings;
let chosen = null;

const STATUS_WORDS = { proposed: "to review", accepted: "accepted", rejected: "rejected", added: "added" };

// Says what a button did to screen readers (a polite live region of this page).
function announce(text) {
  spoken.textContent = text;
}

function slice(start, end) {
  return chars.slice(start, end).join("");
}

function showProblem(message) {
  problem.textContent = message ?? "";
  problem.hidden = !message;
}

// The finding a piece of text belongs to: the longest of those covering it.
function owner(covering) {
  return covering.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
}

function renderText() {
  const bounds = new Set([0, chars.length]);
  for (const f of findings) {
    bounds.add(f.start);
    bounds.add(f.end);
  }
  const cuts = [...bounds].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i < cuts.length - 1; i += 1) {
    const [start, end] = [cuts[i], cuts[i + 1]];
    const covering = findings.filter((f) => f.start <= start && end <= f.end);
    let piece;
    if (covering.length) {
      const f = owner(covering);
      piece = el("mark", `finding status-${f.status}`);
      piece.dataset.finding = String(f.id);
      piece.title = `${f.kind}, ${STATUS_WORDS[f.status]}`;
    } else {
      piece = el("span");
    }
    piece.dataset.s = String(start);
    piece.textContent = slice(start, end);
    pieces.push(piece);
  }
  root.replaceChildren(...pieces);
}

function button(label, name, action) {
  const b = el("button", "link", label);
  b.type = "button";
  b.setAttribute("aria-label", `${label} ${name}`);
  b.addEventListener("click", action);
  return b;
}

function renderList() {
  const shown = findings.filter((f) => filter.value === "all" || f.status === filter.value);
  const items = shown.map((f) => {
    const item = el("li");
    item.dataset.finding = String(f.id);
    const name = `“${f.text}” (${f.kind})`;
    item.append(el("q", "finding-words", f.text), " ", el("span", "finding-kind", f.kind));
    item.append(el("span", `finding-status status-${f.status}`, STATUS_WORDS[f.status]));
    item.append(el("span", "finding-context", f.context));
    if (f.stale) {
      item.append(el("span", "muted", "Made on an earlier text: scan again."));
    } else {
      if (f.status !== "accepted" && f.status !== "added") {
        item.append(button("Accept", name, () => decide(f, "accept")));
      }
      if (f.status !== "rejected") item.append(button("Reject", name, () => decide(f, "reject")));
    }
    return item;
  });
  list.replaceChildren(...items);
  const counts = {};
  for (const f of findings) counts[f.status] = (counts[f.status] ?? 0) + 1;
  const parts = Object.entries(STATUS_WORDS)
    .filter(([status]) => counts[status])
    .map(([status, words]) => `${counts[status]} ${words}`);
  summary.textContent = findings.length
    ? `${findings.length} finding(s): ${parts.join(", ")}`
    : "No findings stored yet: press Scan.";
}

function render() {
  renderText();
  renderList();
}

function merge(views) {
  const byId = new Map(findings.map((f) => [f.id, f]));
  for (const v of views) byId.set(v.id, v);
  findings = [...byId.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}

async function decide(finding, verb) {
  showProblem(null);
  try {
    merge([await api("POST", `/findings/${finding.id}/${verb}`)]);
  } catch (error) {
    showProblem(error.message);
    return;
  }
  render();
  announce(`“${finding.text}” ${verb === "accept" ? "accepted" : "rejected"}.`);
  list.querySelector(`li[data-finding="${finding.id}"] button`)?.focus();
}

function remember() {
  const found = selectionOffsets(root);
  if (!found) return;
  chosen = { start: found.start, end: found.end };
  addButton.disabled = false;
  addSelection.textContent = `“${slice(found.start, found.end)}” (${found.start}–${found.end})`;
}

async function addChosen() {
  if (!chosen) return;
  showProblem(null);
  try {
    const answer = await api("POST", `/documents/${data.documentId}/findings`, {
      kind: addKind.value, start: chosen.start, end: chosen.end,
    });
    merge(answer.findings);
  } catch (error) {
    showProblem(error.message);
    return;
  }
  const words = slice(chosen.start, chosen.end);
  chosen = null;
  addButton.disabled = true;
  addSelection.textContent = "";
  window.getSelection()?.removeAllRanges();
  render();
  announce(`“${words}” marked as ${addKind.value}.`);
}

function showProtected(text) {
  protectedText.textContent = text ?? "";
  protectedNote.textContent = text === null || text === undefined
    ? "Not built yet, or the transcript changed since: build it after reviewing."
    : "Accepted and added findings replaced; the original is kept as it was.";
}

async function build() {
  showProblem(null);
  try {
    const answer = await api("POST", `/documents/${data.documentId}/protected`);
    showProtected(answer.text);
  } catch (error) {
    showProblem(error.message);
    return;
  }
  announce("Pseudonymised text built.");
}

async function scan() {
  showProblem(null);
  summary.textContent = "Scanning…";
  try {
    const answer = await api("POST", `/documents/${data.documentId}/findings/scan`, { model: "auto" });
    findings = answer.findings;
  } catch (error) {
    showProblem(error.message);
  }
  render();
  announce(summary.textContent);
}

root.addEventListener("mouseup", remember);
root.addEventListener("keyup", remember);
root.addEventListener("click", (event) => {
  const mark = event.target.closest("mark[data-finding]");
  if (!mark || !window.getSelection()?.isCollapsed) return;
  for (const node of document.querySelectorAll(".current")) node.classList.remove("current");
  const id = mark.dataset.finding;
  for (const node of root.querySelectorAll(`mark[data-finding="${id}"]`)) node.classList.add("current");
  if (filter.value !== "all") {
    filter.value = "all";
    renderList();
  }
  const item = list.querySelector(`li[data-finding="${id}"]`);
  item?.classList.add("current");
  item?.scrollIntoView({ block: "nearest" });
  item?.querySelector("button")?.focus();
});
filter.addEventListener("change", renderList);
addButton.addEventListener("click", addChosen);
document.getElementById("build-protected").addEventListener("click", build);
document.getElementById("scan-document").addEventListener("click", scan);
showProtected(data.protected);
render();
