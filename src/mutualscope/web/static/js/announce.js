// Says a short message to screen readers through the page's polite live region
// (#announcer in base.html, present from the start so that changes to it are read).
export function announce(text) {
  const region = document.getElementById("announcer");
  if (!region || !text || region.textContent === text) return;
  region.textContent = text;
}
