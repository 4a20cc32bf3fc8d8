// Renders /openapi.json as a list of operations; textContent only, so nothing is injected.
const root = document.getElementById("api-docs");

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function main() {
  const response = await fetch("/openapi.json");
  const schema = await response.json();
  root.textContent = "";
  for (const [path, item] of Object.entries(schema.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const box = el("div", "op");
      const head = el("div");
      head.append(el("span", "method", method.toUpperCase()), el("code", "", path));
      box.append(head);
      if (op.summary) box.append(el("div", "", op.summary));
      if (op.description) box.append(el("div", "muted", op.description));
      const codes = Object.entries(op.responses || {})
        .map(([code, r]) => `${code}`)
        .join(" · ");
      box.append(el("div", "codes", `Answers: ${codes}`));
      root.append(box);
    }
  }
}

main().catch((error) => { root.textContent = `Could not load the API description: ${error}`; });
