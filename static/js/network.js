// The person's own tools: small progressive enhancements. Everything works without this file.
(function () {
  "use strict";

  // "Hide" replaces this page in the tab's history, so that Back does not bring the tools back.
  document.querySelectorAll("[data-hide]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      window.location.replace(link.href);
    });
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector("[data-copied]");
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) status.textContent = status.getAttribute("data-copied");
      }, function () { field.select(); });
    });
  });
})();
