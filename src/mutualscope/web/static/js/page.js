// What every page shares: on narrow screens the main navigation folds behind a Menu
// button (without scripts it stays open), which says whether it is open with
// aria-expanded; and a region that scrolls sideways (a wide table on a phone) can be
// reached and scrolled with the keyboard.
const toggle = document.querySelector(".nav-toggle");
const nav = document.getElementById("mainnav");

function setOpen(open) {
  toggle.setAttribute("aria-expanded", String(open));
  nav.classList.toggle("open", open);
}

if (toggle && nav) {
  document.documentElement.classList.add("nav-folds");
  toggle.hidden = false;
  toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));
  nav.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && nav.classList.contains("open")) {
      setOpen(false);
      toggle.focus();
    }
  });
}

const SCROLLERS = ".scroll, table.data, .sidebar";

function reachScrollers() {
  for (const region of document.querySelectorAll(SCROLLERS)) {
    const scrolls = region.scrollWidth > region.clientWidth + 1 || region.scrollHeight > region.clientHeight + 1;
    const scrollable = scrolls && getComputedStyle(region).overflow !== "visible";
    if (scrollable && !region.hasAttribute("tabindex")) {
      region.tabIndex = 0;
      region.dataset.scrollFocus = "1";
    } else if (!scrollable && region.dataset.scrollFocus) {
      region.removeAttribute("tabindex");
      delete region.dataset.scrollFocus;
    }
  }
}

reachScrollers();
let pending = 0;
window.addEventListener("resize", () => {
  cancelAnimationFrame(pending);
  pending = requestAnimationFrame(reachScrollers);
});
document.addEventListener("transcript:updated", reachScrollers);
