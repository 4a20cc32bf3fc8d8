// The matrix page: say that the table scrolls sideways when it is wider than the page,
// and until its last column has been seen.
const box = document.querySelector(".matrix-scroll");
const hint = document.getElementById("matrix-scroll-hint");

function update() {
  if (!box || !hint) return;
  const more = box.scrollWidth - box.clientWidth - box.scrollLeft > 2;
  hint.hidden = !more;
  box.classList.toggle("more-right", more);
}

if (box && hint) {
  box.addEventListener("scroll", update, { passive: true });
  window.addEventListener("resize", update);
  update();
}
