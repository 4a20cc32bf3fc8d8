// The documents page's import form (owners): uploads the files, follows the job and
// lists each file's outcome. The page reloads (to show the new documents) only when
// every file went in cleanly; otherwise each reason stays on screen until the owner
// moves on.
import { api, el } from "./api.js";
import { follow } from "./jobs.js";

const form = document.getElementById("import-form");
const card = document.getElementById("job");
const list = card?.querySelector(".job-files");
const after = card?.querySelector(".job-after");

function fileItem(file) {
  const item = el("li", `job-file ${file.status}`);
  item.dataset.status = file.status;
  item.append(el("span", `file-status status-${file.status}`, file.status));
  if (file.document_id !== null && file.status !== "failed") {
    const link = el("a", "file-name", file.name);
    link.href = `/documents/${file.document_id}`;
    item.append(link);
  } else {
    item.append(el("span", "file-name", file.name));
  }
  const notes = [file.message, ...file.warnings, file.columns && `Columns: ${file.columns}`]
    .filter((text) => text);
  for (const note of notes) item.append(el("span", "file-reason", note));
  return item;
}

function showFiles(job) {
  const files = job.summary?.files ?? [];
  list.replaceChildren(...files.map(fileItem));
  list.hidden = files.length === 0;
}

function clean(job) {
  const files = job.summary?.files ?? [];
  // A turn table's columns stay on screen: which were kept and which ignored.
  return job.state === "done" && files.every(
    (file) => ["imported", "replaced"].includes(file.status) && file.warnings.length === 0
      && !file.columns,
  );
}

form?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  list.replaceChildren();
  list.hidden = true;
  after.hidden = true;
  try {
    const started = await api("POST", "/imports/documents", new FormData(form));
    const job = await follow(started, card, { onUpdate: showFiles });
    if (clean(job)) {
      setTimeout(() => window.location.reload(), 1200);
    } else if (job.state === "done") {
      card.querySelector(".job-message").classList.add("notice");
      after.hidden = !job.summary.files.some((file) => file.status !== "failed");
    }
  } catch (error) {
    card.hidden = false;
    const message = card.querySelector(".job-message");
    message.textContent = error.message;
    message.classList.add("problem");
  } finally {
    button.disabled = false;
  }
});
