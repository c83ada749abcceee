// Runs in <head>, before the page is drawn: marks that JavaScript is on, so the
// menu may collapse behind its button on small screens (without JavaScript it
// stays open, see pphw.css).
document.documentElement.classList.replace("no-js", "js");

// Moves focus to the error summary when a form comes back with problems, so a
// screen reader announces them and keyboard users start from the list.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
