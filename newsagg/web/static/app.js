// The only script: the reviewer's name, typed once, goes into every one-click form on the page.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("reviewer");
  const copy = (name) => document.querySelectorAll(".reviewer-copy, input.reviewer").forEach((el) => {
    if (!el.value || el.classList.contains("reviewer-copy")) el.value = name;
  });
  const saved = localStorage.getItem("newsagg-reviewer") || (box && box.value) || "";
  if (box && !box.value) box.value = saved;
  if (saved) copy(saved);
  if (box) box.addEventListener("input", () => { localStorage.setItem("newsagg-reviewer", box.value); copy(box.value); });
  document.querySelectorAll("form").forEach((form) => form.addEventListener("submit", (event) => {
    const who = form.querySelector(".reviewer-copy");
    if (who && !who.value.trim()) {
      event.preventDefault();
      if (box) { box.focus(); box.setAttribute("aria-invalid", "true"); }
    }
  }));
});
