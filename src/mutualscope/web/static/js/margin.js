// Codings you can read: each coding's code name in the margin beside the line where it
// starts, with a bar of its colour down to where it ends (as MAXQDA and NVivo show
// coding stripes); labels that would collide move down. Every highlight also carries the
// names of all its codes: a tooltip on hover, a description a screen reader reads on
// focus, and (on phones, where there is no margin) a small label before it.
import { el } from "./api.js";

const LANES = 4;
const LANE_WIDTH = 6;

// A code's own name, without its parents: "Freedom and risk" for
// "Spaces for experimentation and risk/Freedom and risk" (the full path is in the tooltip).
function leaf(path) {
  return path.split("/").at(-1);
}

function codingsOf(run, codings) {
  return run.dataset.c.split(" ").map((id) => codings.get(Number(id))).filter(Boolean);
}

export function describeRuns(transcript, codings, holder) {
  const descriptions = [];
  for (const run of transcript.querySelectorAll("mark.run")) {
    const found = codingsOf(run, codings);
    const names = [...new Set(found.map((c) => c.code))];
    const id = `run-${run.querySelector("[data-s]")?.dataset.s}`;
    const who = found.map((c) => `${c.code} by ${c.coder ?? "unknown"}`).join("; ");
    descriptions.push(el("span", "", `Coded: ${who}. Press Enter for details.`));
    descriptions.at(-1).id = id;
    run.setAttribute("aria-describedby", id);
    run.dataset.names = names.map(leaf).join(" · ");
    run.title = `Codes: ${names.join(", ")}`;
  }
  holder.replaceChildren(...descriptions);
}

function extent(first, last, origin) {
  const top = first.getClientRects()[0];
  const rects = last.getClientRects();
  const bottom = rects[rects.length - 1];
  if (!top || !bottom) return null;
  return { top: top.top - origin.top, bottom: bottom.bottom - origin.top };
}

export function layoutMargin(transcript, codings, onPick) {
  let layer = transcript.querySelector(".code-margin");
  if (!layer) {
    layer = el("div", "code-margin");
    layer.setAttribute("aria-hidden", "true");
    transcript.append(layer);
  }
  layer.replaceChildren();
  if (getComputedStyle(layer).display === "none") return;
  const origin = transcript.getBoundingClientRect();
  const ends = new Map();
  for (const piece of transcript.querySelectorAll(".hl[data-c]")) {
    if (piece.closest(".label-only")) continue;
    for (const id of piece.dataset.c.split(" ").map(Number)) {
      const seen = ends.get(id);
      if (seen) seen.last = piece;
      else ends.set(id, { first: piece, last: piece });
    }
  }
  const placed = [];
  for (const [id, { first, last }] of ends) {
    const coding = codings.get(id);
    const span = coding && extent(first, last, origin);
    if (span) placed.push({ coding, ...span });
  }
  placed.sort((a, b) => a.top - b.top || b.bottom - a.bottom);
  const laneEnds = [];
  const labels = new Map();
  let labelsEnd = -Infinity;
  for (const { coding, top, bottom } of placed) {
    let lane = laneEnds.findIndex((end) => end < top);
    if (lane === -1) lane = Math.min(laneEnds.length, LANES - 1);
    laneEnds[lane] = bottom;
    const bar = el("div", `margin-bar code-${coding.code_id}`);
    bar.style.top = `${top}px`;
    bar.style.height = `${Math.max(4, bottom - top)}px`;
    bar.style.left = `${lane * LANE_WIDTH}px`;
    bar.dataset.coding = String(coding.id);
    layer.append(bar);
    // Coders who agree (the same code from the same line) share one label.
    const key = `${coding.code_id}@${Math.round(top)}`;
    const shared = labels.get(key);
    if (shared) {
      shared.count += 1;
      shared.label.textContent = `${leaf(coding.code)} ×${shared.count}`;
      shared.label.title += `, ${coding.coder ?? "unknown"}`;
      shared.label.dataset.codings += ` ${coding.id}`;
      continue;
    }
    const label = el("div", `margin-label code-${coding.code_id}`, leaf(coding.code));
    label.title = `${coding.code} · ${coding.coder ?? "unknown"}`;
    label.dataset.codings = String(coding.id);
    const at = Math.max(top, labelsEnd + 2);
    label.style.top = `${at}px`;
    label.addEventListener("click", () => onPick(label.dataset.codings.split(" ").map(Number)));
    layer.append(label);
    labels.set(key, { label, count: 1 });
    labelsEnd = at + label.offsetHeight;
  }
}

// Hovering or focusing a highlight lights the margin labels of all its codings.
export function lightMargin(transcript, run) {
  const ids = new Set(run ? run.dataset.c.split(" ") : []);
  for (const mark of transcript.querySelectorAll(".code-margin [data-coding]")) {
    mark.classList.toggle("lit", ids.has(mark.dataset.coding));
  }
  for (const label of transcript.querySelectorAll(".code-margin [data-codings]")) {
    label.classList.toggle("lit", label.dataset.codings.split(" ").some((id) => ids.has(id)));
  }
}
