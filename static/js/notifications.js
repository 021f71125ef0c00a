// Aftercare: the live count of new notifications, and turning pushes on or off for this browser.
// The count comes over the chat's connection where the page has one, otherwise by asking now and then.
(function () {
  "use strict";

  var link = document.querySelector("[data-live-count]");
  if (link) {
    var badge = link.querySelector(".badge");
    var every = Math.max(parseInt(link.getAttribute("data-poll-seconds"), 10) || 30, 1) * 1000;
    var timer = null;
    var stopped = false;

    var show = function (count) {
      badge.textContent = String(count);
      badge.hidden = !count;
      link.classList.toggle("has-unread", count > 0);
    };
    var refresh = function () {
      if (stopped) return;
      fetch(link.getAttribute("data-live-count"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 401) { stopped = true; return null; }
          return response.ok ? response.json() : null;
        })
        .then(function (data) { if (data && typeof data.unread === "number") show(data.unread); })
        .catch(function () { /* offline: the next round tries again */ });
    };
    var poll = function () {
      window.clearInterval(timer);
      timer = window.setInterval(function () { if (!document.hidden) refresh(); }, every);
    };
    var useSocket = function (socket) {
      window.clearInterval(timer);
      socket.on("notifications_changed", refresh);
      socket.on("connect", function () { window.clearInterval(timer); refresh(); });
      socket.on("disconnect", poll);
    };
    if (window.aftercareSocket) useSocket(window.aftercareSocket);
    else poll();
    document.addEventListener("aftercare:socket", function () { useSocket(window.aftercareSocket); });
    document.addEventListener("visibilitychange", function () { if (!document.hidden) refresh(); });
  }

  // --- pushes on this browser (the settings page, and the offer after joining a group) ---
  var offer = document.querySelector("[data-push-offer]");
  if (!offer || !("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return;
  var status = offer.querySelector("[data-push-status]");
  var onButton = offer.querySelector("[data-push-on]");
  var offButton = offer.querySelector("[data-push-off]");
  var onlyOffer = offer.hasAttribute("data-offer-only");

  var keyBytes = function (base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  };
  var say = function (which) { status.textContent = status.getAttribute("data-" + which) || ""; };
  var showState = function (subscribed) {
    onButton.hidden = subscribed;
    offButton.hidden = !subscribed;
    if (onlyOffer && (subscribed || Notification.permission === "denied")) { offer.hidden = true; return; }
    offer.hidden = false;
    if (Notification.permission === "denied") say("denied");
    else say(subscribed ? "on" : "off");
  };
  var tell = function (method, body) {
    return fetch(offer.getAttribute("data-url"), {
      method: method, credentials: "same-origin", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", "X-CSRFToken": offer.getAttribute("data-csrf") }
    }).then(function (response) { if (!response.ok) throw new Error("refused"); });
  };
  var registration = function () { return navigator.serviceWorker.ready; };

  registration().then(function (reg) { return reg.pushManager.getSubscription(); })
    .then(function (subscription) { showState(!!subscription); })
    .catch(function () { showState(false); });

  onButton.addEventListener("click", function () {
    // Asked only now, when the person chose to: never on a first visit.
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { say(permission === "denied" ? "denied" : "off"); return null; }
      return registration()
        .then(function (reg) {
          return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(offer.getAttribute("data-key")) });
        })
        .then(function (subscription) { return tell("POST", subscription.toJSON()); })
        .then(function () { showState(true); });
    }).catch(function () { say("failed"); });
  });
  offButton.addEventListener("click", function () {
    registration().then(function (reg) { return reg.pushManager.getSubscription(); })
      .then(function (subscription) {
        if (!subscription) return null;
        return tell("DELETE", { endpoint: subscription.endpoint }).catch(function () { /* gone already */ })
          .then(function () { return subscription.unsubscribe(); });
      })
      .then(function () { showState(false); })
      .catch(function () { say("failed"); });
  });
})();
