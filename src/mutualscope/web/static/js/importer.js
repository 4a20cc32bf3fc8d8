// The documents page's import form (owners): uploads the files, then follows the job.
import { api } from "./api.js";
import { follow } from "./jobs.js";

const form = document.getElementById("import-form");
const card = document.getElementById("job");

form?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const job = await api("POST", "/imports/documents", new FormData(form));
    await follow(job, card, { onDone: () => setTimeout(() => window.location.reload(), 1200) });
  } catch (error) {
    card.hidden = false;
    card.querySelector(".job-message").textContent = error.message;
  } finally {
    button.disabled = false;
  }
});
