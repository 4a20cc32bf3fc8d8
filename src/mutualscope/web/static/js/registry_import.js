// The organisations page's registry import (owners): uploads the file, follows the job
// and shows the import report: what was added, changed, left as it was and skipped, with
// each skipped row's reason, or why nothing was imported.
import { api, el } from "./api.js";
import { follow } from "./jobs.js";

const form = document.getElementById("registry-import-form");
const card = document.getElementById("registry-job");
const report = card?.querySelector(".import-report");

function showReport(summary) {
  const counts = report.querySelector(".import-counts");
  counts.textContent = `${summary.source}: ${summary.created} added, ${summary.updated} changed, `
    + `${summary.unchanged} unchanged, ${summary.skipped} skipped.`;
  const lines = [
    ...summary.created_names.map((name) => `Added: ${name}`),
    ...Object.entries(summary.updated_fields).map(
      ([name, fields]) => `Changed: ${name} (${fields.join(", ")})`,
    ),
    ...summary.problems.map((problem) => `Skipped: ${problem}`),
    ...summary.warnings.map((warning) => `Warning: ${warning}`),
    ...summary.notes.map((note) => `Note: ${note}`),
  ];
  report.querySelector(".import-lines").replaceChildren(
    ...lines.map((line) => el("li", line.startsWith("Skipped") ? "problem" : "", line)),
  );
  report.hidden = false;
}

form?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  report.hidden = true;
  try {
    const started = await api("POST", "/imports/registry", new FormData(form));
    const job = await follow(started, card);
    if (job.state === "done") showReport(job.summary);
  } catch (error) {
    card.hidden = false;
    const message = card.querySelector(".job-message");
    message.textContent = error.message;
    message.classList.add("problem");
  } finally {
    button.disabled = false;
  }
});
