// Renders /openapi.json as the API's operations grouped by resource, their descriptions
// as formatted text: paragraphs at blank lines, lines rewrapped, ``code`` (reST-style, as
// the docstrings write it) as code. Built with textContent only, so nothing is injected.
import { el } from "./api.js";

const root = document.getElementById("api-docs");

// A description's text as paragraphs of text and <code> runs.
export function formatted(text) {
  const block = el("div", "api-description");
  for (const paragraph of text.split(/\n\s*\n/)) {
    const p = el("p");
    const words = paragraph.replace(/\s*\n\s*/g, " ").trim();
    words.split(/``(.+?)``/g).forEach((part, index) => {
      if (!part) return;
      p.append(index % 2 ? el("code", "", part) : document.createTextNode(part));
    });
    if (p.childNodes.length) block.append(p);
  }
  return block;
}

function parameters(op) {
  const list = op.parameters ?? [];
  if (!list.length) return null;
  const dl = el("dl", "api-params");
  for (const param of list) {
    const type = param.schema?.type ?? param.schema?.anyOf?.map((s) => s.type).filter(Boolean).join(" or ") ?? "";
    dl.append(el("dt", "", param.name));
    dl.append(el("dd", "", [param.in, type, param.required ? "required" : "optional"].filter(Boolean).join(" · ")));
  }
  return dl;
}

function operation(path, method, op) {
  const box = el("section", "op");
  const head = el("h3", "op-head");
  head.append(el("span", `method method-${method}`, method.toUpperCase()), el("code", "", path));
  box.append(head);
  if (op.summary) box.append(el("p", "op-summary", op.summary));
  if (op.description) box.append(formatted(op.description));
  const params = parameters(op);
  if (params) box.append(params);
  const codes = Object.keys(op.responses || {}).join(" · ");
  box.append(el("p", "codes", `Answers: ${codes}`));
  return box;
}

async function main() {
  const response = await fetch("/openapi.json");
  const schema = await response.json();
  const groups = new Map();
  for (const [path, item] of Object.entries(schema.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = op.tags?.[0] ?? "other";
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag).push(operation(path, method, op));
    }
  }
  root.replaceChildren();
  for (const [tag, operations] of groups) {
    const section = el("section", "api-group");
    section.append(el("h2", "", tag), ...operations);
    root.append(section);
  }
}

main().catch((error) => {
  root.textContent = `Could not load the API description: ${error}`;
});
