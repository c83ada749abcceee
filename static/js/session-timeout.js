// Warns before the session ends for inactivity, and lets the user stay signed in
// (WCAG 2.2.1, "Timing Adjustable"). The page says how many seconds the session
// has left and how long before that to warn (data-* on #session-warning, from
// pphw/context_processors.py). Without JavaScript the warning stays hidden and
// the session ends as it always did.
(function () {
  "use strict";

  var dialog = document.getElementById("session-warning");
  if (!dialog || !window.fetch) {
    return;
  }
  var warning = dialog.querySelector("[data-session-state='warning']");
  var ended = dialog.querySelector("[data-session-state='ended']");
  var countdown = dialog.querySelector("[data-session-countdown]");
  var form = dialog.querySelector("form[data-session-extend]");
  var closeButton = dialog.querySelector("[data-session-close]");
  var warnBefore = parseInt(dialog.getAttribute("data-warning-seconds"), 10) * 1000;
  var deadline = 0;
  var timer = null;
  var returnFocusTo = null;
  var hasEnded = false;

  function describe(milliseconds) {
    var seconds = Math.max(0, Math.ceil(milliseconds / 1000));
    if (seconds > 90) {
      return Math.round(seconds / 60) + " minutes";
    }
    if (seconds > 60) {
      return "1 minute and " + (seconds - 60) + " seconds";
    }
    return seconds + (seconds === 1 ? " second" : " seconds");
  }

  function schedule(secondsLeft) {
    deadline = Date.now() + secondsLeft * 1000;
    clearTimeout(timer);
    tick();
  }

  function tick() {
    var left = deadline - Date.now();
    if (left <= 0) {
      end();
      return;
    }
    if (left <= warnBefore) {
      countdown.textContent = describe(left);
      if (dialog.hidden) {
        show();
      }
      timer = setTimeout(tick, 1000);
    } else {
      timer = setTimeout(tick, Math.min(left - warnBefore, 60000));
    }
  }

  function show() {
    var active = document.activeElement;
    returnFocusTo = active && active !== document.body ? active : null;
    dialog.hidden = false;
    form.querySelector("button").focus();
  }

  function restoreFocus() {
    if (returnFocusTo && document.contains(returnFocusTo)) {
      returnFocusTo.focus();
    } else {
      document.getElementById("main").focus();
    }
    returnFocusTo = null;
  }

  function hide() {
    dialog.hidden = true;
    restoreFocus();
  }

  function end() {
    if (hasEnded) {
      return;
    }
    hasEnded = true;
    clearTimeout(timer);
    var wasHidden = dialog.hidden;
    if (wasHidden) {
      var active = document.activeElement;
      returnFocusTo = active && active !== document.body ? active : null;
    }
    warning.hidden = true;
    ended.hidden = false;
    dialog.setAttribute("aria-labelledby", "session-ended-title");
    dialog.setAttribute("aria-describedby", "session-ended-text");
    dialog.hidden = false;
    ended.querySelector("h2").focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      redirect: "error",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("The session could not be extended.");
        }
        return response.json();
      })
      .then(function (answer) {
        hide();
        schedule(answer.seconds_left);
      })
      .catch(end);
  });

  closeButton.addEventListener("click", hide);

  dialog.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && hasEnded) {
      hide();
    }
  });

  schedule(parseInt(dialog.getAttribute("data-seconds-left"), 10));
})();
