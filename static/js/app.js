// Aftercare: small progressive enhancements. Everything works without this file.
(function () {
  "use strict";

  // Select an invitation link on tap so it is easy to copy on a phone.
  document.querySelectorAll(".copy-field").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });

  // Ask before buttons that cannot be undone (data-confirm holds the question).
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = button && button.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js?lang=" + encodeURIComponent(document.documentElement.lang || "")).catch(function () { /* the site works without it */ });
    });
  }
})();
