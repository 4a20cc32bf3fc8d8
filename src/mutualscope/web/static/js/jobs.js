// Follows a job (import, report) and shows its progress in a .job card; screen readers
// hear each new step, the percentage in tens, and the end through the live region.
import { announce } from "./announce.js";
import { api } from "./api.js";

export async function follow(job, card, { onUpdate, onDone } = {}) {
  card.hidden = false;
  const bar = card.querySelector(".progress");
  const fill = bar.querySelector("span");
  const message = card.querySelector(".job-message");
  const link = card.querySelector(".job-link");
  if (link) link.hidden = true;
  message.classList.remove("problem", "notice");
  bar.classList.remove("failed");
  for (;;) {
    const percent = job.percent ?? 5;
    fill.style.width = `${percent}%`;
    bar.setAttribute("aria-valuenow", String(percent));
    message.textContent = job.error ?? job.message;
    announce(spoken(job, percent));
    onUpdate?.(job);
    if (job.state === "failed") {
      message.classList.add("problem");
      bar.classList.add("failed");
      return job;
    }
    if (job.state === "done") {
      if (link && job.download) {
        link.querySelector("a").href = job.download;
        link.hidden = false;
      }
      onDone?.(job);
      return job;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    job = await api("GET", `/jobs/${job.id}`);
  }
}

function spoken(job, percent) {
  if (job.state === "failed") return `Failed: ${job.error ?? job.message}`;
  if (job.state === "done") return `Done: ${job.message}`;
  return `${Math.floor(percent / 10) * 10}% · ${job.message}`;
}
