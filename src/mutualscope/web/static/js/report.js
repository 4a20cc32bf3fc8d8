// The report page: each format button starts a report job and follows its progress.
import { api } from "./api.js";
import { follow } from "./jobs.js";

const card = document.getElementById("job");
const buttons = [...document.querySelectorAll("#report-formats button")];

for (const button of buttons) {
  button.addEventListener("click", async () => {
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const body = new FormData();
      body.append("format", button.dataset.format);
      const job = await api("POST", "/reports", body);
      await follow(job, card);
    } catch (error) {
      card.hidden = false;
      card.querySelector(".job-message").textContent = error.message;
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  });
}
