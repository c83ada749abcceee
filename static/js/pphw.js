// Moves focus to the error summary when a form comes back with problems, so a
// screen reader announces them and keyboard users start from the list.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
