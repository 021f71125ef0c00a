// Aftercare: small progressive enhancements. Everything works without this file.
(function () {
  "use strict";

  // A form that came back with errors: start at the first field to put right (its error is read with it).
  // A form-wide error (role=alert) is announced by itself; the focus then goes to the form's first field.
  var invalid = document.querySelector("main [aria-invalid=true]");
  var formError = document.querySelector("main form .form-error");
  if (!invalid && formError) invalid = formError.closest("form").querySelector("input:not([type=hidden]), select, textarea");
  if (invalid) {
    invalid.focus();
    // Going to a #fragment after load (a form sent from a page reached by "Skip to content") resets it.
    window.addEventListener("load", function () { if (document.activeElement === document.body) invalid.focus(); });
  }

  // Select an invitation link on tap so it is easy to copy on a phone.
  document.querySelectorAll(".copy-field").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });

  // A Copy button next to each link to hand on (without script the text can still be selected and copied).
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var copied = function () { if (status) status.textContent = button.getAttribute("data-copied"); };
      field.focus();
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(copied, function () {
          if (document.execCommand("copy")) copied();
        });
      } else if (document.execCommand("copy")) {
        copied();
      }
    });
  });

  // Ask before buttons that cannot be undone (data-confirm holds the question).
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = button && button.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // Logging out leaves nothing of the person's in this browser: unsent chat messages wait in localStorage.
  document.querySelectorAll("form[data-logout]").forEach(function (form) {
    form.addEventListener("submit", function () {
      try {
        for (var i = window.localStorage.length - 1; i >= 0; i--) {
          var key = window.localStorage.key(i);
          if (key && key.indexOf("aftercare-outbox-") === 0) window.localStorage.removeItem(key);
        }
      } catch (e) { /* storage unavailable: nothing was kept */ }
    });
  });

  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js?lang=" + encodeURIComponent(document.documentElement.lang || "")).catch(function () { /* the site works without it */ });
    });
  }
})();
