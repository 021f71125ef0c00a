// Aftercare live chat: persisted-first messages, numbered per channel, replayed after reconnects.
// Text is always inserted as text (never as HTML). Unsent messages wait in localStorage.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root || typeof io === "undefined") return;

  var channelId = parseInt(root.dataset.channelId, 10);
  var userId = parseInt(root.dataset.userId, 10);
  var lastSeq = parseInt(root.dataset.lastSeq, 10) || 0;
  var t = function (key) { return root.getAttribute("data-t-" + key) || key; };
  var log = document.getElementById("chat-log");
  var statusLine = document.getElementById("chat-status");
  var hereLine = document.getElementById("chat-here");
  var typingLine = document.getElementById("chat-typing");
  var form = document.getElementById("composer");
  var textarea = form.querySelector("textarea");
  var button = form.querySelector("button[type=submit]");
  var outboxKey = "aftercare-outbox-" + userId + "-" + channelId;
  var composerNote = document.getElementById("composer-note");
  var newButton = document.getElementById("chat-new");
  var moderator = root.dataset.moderator === "true";
  var seen = {};
  var mine = {};         // message id -> {kind: true} for this reader's own reactions
  var lastOwnAt = 0;     // when this reader's latest message was written (slow mode counts from it)
  var fetching = false;
  var ended = false;

  // The server-rendered history stays as it is; only what is new is added (and announced).
  log.querySelectorAll("li[data-id]").forEach(function (li) {
    seen[li.dataset.id] = li;
    mine[li.dataset.id] = {};
    li.querySelectorAll("button[aria-pressed=true]").forEach(function (b) { mine[li.dataset.id][b.dataset.kind] = true; });
    if (li.classList.contains("own")) noteOwn(li.querySelector("time").getAttribute("datetime"));
  });
  function noteOwn(iso) { var at = Date.parse(iso); if (at > lastOwnAt) lastOwnAt = at; }

  function newClientId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function loadOutbox() {
    try { return JSON.parse(window.localStorage.getItem(outboxKey)) || []; } catch (e) { return []; }
  }
  function removeFromOutbox(clientId) {
    saveOutbox(loadOutbox().filter(function (x) { return x.client_id !== clientId; }));
  }
  function saveOutbox(items) {
    try { window.localStorage.setItem(outboxKey, JSON.stringify(items)); } catch (e) { /* private mode */ }
  }
  function setStatus(text) { statusLine.textContent = text || ""; }

  // A guest professional is marked wherever their name shows (members must know who may report).
  function nameOf(person) {
    return person.label === "guest_professional" ? person.name + " (" + t("guest-professional") + ")" : person.name;
  }
  function showHere(people) { hereLine.textContent = t("here") + " " + people.map(nameOf).join(", "); }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  var EMOJI = { heart: "\u2764\ufe0f", thanks: "\ud83d\ude4f", strong: "\ud83d\udcaa" };

  // As the server writes it: the clock for today, the day and the clock before (British patterns in English).
  var dateLocale = document.documentElement.lang === "en" ? "en-GB" : document.documentElement.lang;
  function clock(iso) {
    var when = new Date(iso);
    var time = when.toLocaleTimeString(dateLocale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    if (when.toDateString() === new Date().toDateString()) return time;
    return when.toLocaleDateString(dateLocale, { day: "numeric", month: "short" }) + ", " + time;
  }

  function bodyText(m) {
    if (m.hidden) {
      if (m.author_id === userId && m.hidden_reason) return t("removed-yours") + " " + m.hidden_reason;
      return t("removed");
    }
    return m.body;
  }

  function actionButton(cls, text, action) {
    var b = el("button", cls, text);
    b.type = "button";
    b.setAttribute("data-action", action);
    return b;
  }

  function reactionBar(m) {
    var bar = el("span", "chat-reactions");
    ["heart", "thanks", "strong"].forEach(function (kind) {
      var b = actionButton("reaction reaction-" + kind, "", "react");
      b.title = t(kind);
      b.setAttribute("data-kind", kind);
      bar.appendChild(b);
    });
    if (m.author_id !== userId) bar.appendChild(actionButton("link-button chat-report", t("report"), "report"));
    return bar;
  }

  // Counts and pressed state change in place: the buttons (and the focus on one) stay.
  function showReactions(li, m) {
    li.querySelectorAll("button[data-action=react]").forEach(function (b) {
      var kind = b.dataset.kind;
      var count = (m.reactions && m.reactions[kind]) || 0;
      b.textContent = EMOJI[kind] + (count ? " " + count : "");
      b.setAttribute("aria-label", t(kind) + (count ? " " + count : ""));
      b.setAttribute("aria-pressed", mine[m.id] && mine[m.id][kind] ? "true" : "false");
    });
  }

  // The leaders' Remove and Mute sit on a line of their own, away from the reactions and Report.
  function moderatorTools(m) {
    var tools = el("span", "chat-mod");
    tools.appendChild(actionButton("link-button chat-hide", t("hide"), "hide"));
    if (m.author_id && m.author_id !== userId) tools.appendChild(actionButton("link-button chat-mute", t("mute"), "mute"));
    return tools;
  }

  function render(m) {
    var own = m.author_id === userId;
    var li = el("li", "chat-msg" + (own ? " own" : ""));
    li.dataset.id = m.id;
    li.dataset.seq = m.seq;
    li.dataset.authorId = m.author_id || "";
    var author = el("span", "chat-author", own ? t("you") : (m.author || t("deleted-member")));
    if (m.author_label === "guest_professional") {
      author.appendChild(document.createTextNode(" "));
      author.appendChild(el("span", "chat-author-label", "(" + t("guest-professional") + ")"));
    }
    li.appendChild(author);
    li.appendChild(el("p", "chat-body", ""));
    var time = el("time", "hint", clock(m.created_at));
    time.setAttribute("datetime", m.created_at);
    li.appendChild(time);
    li.appendChild(reactionBar(m));
    if (moderator) li.appendChild(moderatorTools(m));
    update(li, m);
    return li;
  }

  function update(li, m) {
    li.querySelector(".chat-body").textContent = bodyText(m);
    if (m.hidden) {
      li.classList.add("hidden-msg");
      li.querySelectorAll(".chat-reactions, .chat-mod").forEach(function (node) { node.remove(); });
    } else {
      showReactions(li, m);
    }
  }

  function place(m) {
    var existing = seen[m.id];
    if (!mine[m.id]) {
      mine[m.id] = {};
      (m.my_reactions || []).forEach(function (kind) { mine[m.id][kind] = true; });
    }
    if (m.author_id === userId) noteOwn(m.created_at);
    if (existing) {
      update(existing, m);
    } else {
      var node = render(m);
      var empty = log.querySelector(".chat-empty");
      if (empty) empty.remove();
      var after = null;
      log.querySelectorAll("li[data-seq]").forEach(function (li) {
        if (parseInt(li.dataset.seq, 10) > m.seq && !after) after = li;
      });
      log.insertBefore(node, after);
      seen[m.id] = node;
    }
    var clientId = m.client_id || sentIds[m.id];
    var pending = clientId && pendingLi(clientId);
    if (pending) pending.remove();
    delete sentIds[m.id];
  }

  // One listener for every message's buttons, the server-rendered ones and those added later.
  log.addEventListener("click", function (event) {
    var b = event.target.closest("button[data-action]");
    var li = b && b.closest("li[data-id]");
    if (!li) return;
    var id = parseInt(li.dataset.id, 10);
    var action = b.dataset.action;
    if (action === "react") {
      var kind = b.dataset.kind;
      socket.emit("react", { message_id: id, kind: kind }, function (ack) {
        if (!ack || !ack.ok) { setStatus(ack && ack.error); return; }
        mine[id] = mine[id] || {};
        mine[id][kind] = !mine[id][kind];
        b.setAttribute("aria-pressed", mine[id][kind] ? "true" : "false");
      });
    } else if (action === "report") {
      ask({ title: t("report-title"), label: t("report-why"), confirm: t("report"), reason: "optional", opener: b },
        function (reason) {
          socket.emit("report", { message_id: id, reason: reason }, function (ack) {
            setStatus(ack && ack.ok ? t("reported") : ack && ack.error);
          });
        });
    } else if (action === "hide") {
      ask({ title: t("hide-title"), label: t("hide-why"), confirm: t("hide"), reason: "required", danger: true, opener: b },
        function (reason) {
          socket.emit("hide", { message_id: id, reason: reason }, function (ack) {
            if (!ack || !ack.ok) setStatus(ack && ack.error);
          });
        });
    } else if (action === "mute") {
      socket.emit("mute", { message_id: id }, function (ack) {
        setStatus(ack && ack.ok ? t("muted") : ack && ack.error);
      });
    }
  });

  // An in-page dialog (not the browser's prompt): a title, a text or a reason field, Cancel and a
  // confirm button kept apart. Focus goes back to the button that opened it.
  var dialog = document.getElementById("chat-dialog");
  function ask(options, done) {
    var field = document.getElementById("chat-dialog-field");
    var reason = document.getElementById("chat-dialog-reason");
    var error = document.getElementById("chat-dialog-error");
    var ok = document.getElementById("chat-dialog-ok");
    document.getElementById("chat-dialog-title").textContent = options.title;
    document.getElementById("chat-dialog-text").textContent = options.text || "";
    document.getElementById("chat-dialog-label").textContent = options.label || "";
    field.hidden = !options.reason;
    reason.value = "";
    error.textContent = "";
    reason.removeAttribute("aria-invalid");
    ok.textContent = options.confirm;
    ok.className = options.danger ? "danger" : "";
    dialog.onclose = function () {
      dialog.onclose = null;
      if (options.opener && document.body.contains(options.opener)) options.opener.focus();
      if (dialog.returnValue === "ok") done(reason.value.trim());
    };
    dialog.querySelector("form").onsubmit = function (event) {
      if (event.submitter && event.submitter.value === "ok" && options.reason === "required" && !reason.value.trim()) {
        event.preventDefault();
        error.textContent = t("needs-reason");
        reason.setAttribute("aria-invalid", "true");
        reason.focus();
      }
    };
    dialog.returnValue = "";
    dialog.showModal();
    (options.reason ? reason : document.getElementById("chat-dialog-cancel")).focus();
  }

  // A reader near the end follows new messages; one reading further up stays where they are and is
  // offered a button to the new ones instead.
  function nearEnd() {
    return window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 200;
  }
  function toEnd() {
    window.scrollTo(0, document.documentElement.scrollHeight);
    newButton.hidden = true;
  }
  newButton.addEventListener("click", function () { toEnd(); textarea.focus(); });
  window.addEventListener("scroll", function () { if (!newButton.hidden && nearEnd()) newButton.hidden = true; });

  function accept(messages, follow) {
    var atEnd = follow || nearEnd();
    var added = false;
    messages.sort(function (a, b) { return a.seq - b.seq; });
    messages.forEach(function (m) {
      if (!seen[m.id]) added = true;
      place(m);
      if (m.seq > lastSeq) lastSeq = m.seq;
    });
    markRead();
    composerState();
    if (!added) return;
    if (atEnd) toEnd(); else newButton.hidden = false;
  }

  // Anything after a gap is fetched before it is shown, so the order is always right.
  function onMessage(m) {
    if (m.channel_id !== channelId || seen[m.id]) return;
    if (m.seq === lastSeq + 1) { accept([m]); return; }
    if (m.seq <= lastSeq) return;
    catchUp();
  }

  function catchUp() {
    if (fetching || !socket.connected) return;
    fetching = true;
    socket.timeout(10000).emit("fetch", { channel_id: channelId, after_seq: lastSeq }, function (err, ack) {
      fetching = false;
      if (err || !ack || !ack.ok) return; // the next check tries again
      accept(ack.messages);
      if (ack.last_seq > lastSeq) catchUp();
    });
  }

  // Every few seconds: has the channel moved on without us? (A message broadcast while the link between
  // the server's processes was down never arrives; this notices within seconds, without waiting for the
  // next message to reveal the gap.)
  var CHECK_MS = 5000;
  var joined = false;
  function checkLatest() {
    if (!joined || !socket.connected || ended || fetching) return;
    socket.timeout(SEND_TIMEOUT_MS).emit("latest", { channel_id: channelId }, function (err, ack) {
      if (!err && ack && ack.ok && ack.last_seq > lastSeq) catchUp();
    });
  }
  window.setInterval(checkLatest, CHECK_MS + Math.floor(Math.random() * 1000));

  var readTimer = null;
  function markRead() {
    if (document.hidden || readTimer) return;
    readTimer = window.setTimeout(function () {
      readTimer = null;
      socket.emit("read", { channel_id: channelId, seq: lastSeq });
    }, 500);
  }

  // An unsent message shows "Sending…", then, while the server cannot store it (no answer within a few
  // seconds, or "retry"), "Not sent yet. Trying again…" and it is sent again by itself; once stored it
  // stays (without a note) until the message itself arrives in its place.
  function pendingLi(clientId) { return log.querySelector('li.pending[data-client-id="' + clientId + '"]'); }
  function showPending(item, state) {
    var li = pendingLi(item.client_id);
    if (!li) {
      li = el("li", "chat-msg own pending");
      li.setAttribute("data-client-id", item.client_id);
      li.appendChild(el("span", "chat-author", t("you")));
      li.appendChild(el("p", "chat-body", item.body));
      li.appendChild(el("span", "hint chat-pending-state", t("sending")));
      log.appendChild(li);
    }
    var text = state === "retry" ? t("retrying") : state === "sent" ? "" : state ? t("not-sent") + " " + state : t("sending");
    li.querySelector(".chat-pending-state").textContent = text;
    li.classList.toggle("retrying", state === "retry");
    li.classList.toggle("failed", !!state && state !== "retry" && state !== "sent");
  }

  var SEND_TIMEOUT_MS = 3000; // the server answers within two seconds, whatever is down
  var sending = null;         // set while a send waits for its answer
  var retryTimer = null;
  var retryDelay = 2000;
  var sentIds = {};           // server id -> client id, until the message itself is shown

  function retryLater(item) {
    showPending(item, "retry");
    if (retryTimer) return;
    retryTimer = window.setTimeout(function () { retryTimer = null; flushOutbox(); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 15000);
  }

  function flushOutbox() {
    if (!socket.connected || ended || sending) return;
    var items = loadOutbox();
    if (!items.length) return;
    var item = items[0];
    var token = {};
    sending = token;
    var attempt = socket.id;
    socket.timeout(SEND_TIMEOUT_MS).emit("send", { channel_id: channelId, client_id: item.client_id, body: item.body },
      function (err, ack) {
        if (sending === token) sending = null;
        if (err || (ack && ack.retry)) {
          // No answer in time, or the server could not store it now: it stays in the outbox, and the
          // resend carries the same client id, so it is stored once however often it goes.
          if (!ended) retryLater(item);
          return;
        }
        var rest = loadOutbox().filter(function (x) { return x.client_id !== item.client_id; });
        saveOutbox(rest);
        if (ack && ack.ok) {
          retryDelay = 2000;
          lastOwnAt = Math.max(lastOwnAt, Date.now());
          composerState();
          if (seen[ack.id]) {
            var pending = pendingLi(item.client_id);
            if (pending) pending.remove();
          } else {
            sentIds[ack.id] = item.client_id;
            showPending(item, "sent");
          }
          if (ack.seq > lastSeq) catchUp();
        } else {
          showPending(item, (ack && ack.error) || "");
          textarea.value = item.body; // give the text back so it is not lost
          composerState();
        }
        if (attempt === socket.id) flushOutbox();
      });
  }

  var socket = io({
    auth: function (cb) {
      cb({ csrf_token: document.querySelector("meta[name=csrf-token]").content });
    },
    transports: ["websocket", "polling"],
  });
  // The navigation's count of new notifications listens on this connection too (notifications.js).
  window.aftercareSocket = socket;
  document.dispatchEvent(new CustomEvent("aftercare:socket"));

  function join() {
    socket.timeout(10000).emit("join", { channel_id: channelId, last_seq: lastSeq }, function (err, ack) {
      if (err || (ack && ack.retry)) { // the server could not answer now: ask again
        window.setTimeout(function () { if (socket.connected && !joined) join(); }, 3000);
        return;
      }
      if (!ack || !ack.ok) { accessEnded(); return; }
      joined = true;
      accept(ack.messages);
      if (ack.more) catchUp();
      applyState(ack.state);
      flushOutbox();
    });
  }
  socket.on("connect", function () {
    connection = "";
    composerState();
    joined = false;
    sending = null; // an answer lost with the old connection: send it again (same client id)
    join();
  });
  socket.on("disconnect", function () {
    joined = false;
    lostConnection();
  });
  socket.io.on("reconnect_attempt", lostConnection);
  // The transport's own words ("websocket error") are not for people: say it in their language, next to
  // the message box, where they are looking.
  socket.on("connect_error", lostConnection);
  window.addEventListener("offline", lostConnection);
  function lostConnection() {
    if (ended) return;
    connection = navigator.onLine ? t("reconnecting") : t("offline");
    composerState();
  }
  var live = window.AftercareLive ? window.AftercareLive({
    root: root, socket: socket, t: t, el: el, userId: userId, channelId: channelId, setStatus: setStatus, ask: ask,
    changed: function () { composerState(); },
  }) : { apply: function () {}, floorBlocks: function () { return false; } };
  socket.on("message", onMessage);
  socket.on("message_changed", function (m) { if (m.channel_id === channelId && seen[m.id]) place(m); });
  socket.on("presence", function (data) {
    if (data.channel_id !== channelId) return;
    showHere(data.here);
  });
  var typingTimer = null;
  socket.on("typing", function (data) {
    if (data.channel_id !== channelId) return;
    typingLine.textContent = t("typing").replace("{name}", nameOf(data));
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(function () { typingLine.textContent = ""; }, 4000);
  });
  socket.on("state", applyState);
  socket.on("can_post", function (data) { if (data && data.channel_id === channelId) applyCanPost(data.can_post); });
  socket.on("reports", function () {
    var link = document.getElementById("chat-reports-link");
    if (link) link.classList.add("has-news");
    var alert = document.getElementById("chat-report-alert");
    if (alert) alert.hidden = false;
  });
  socket.on("access_ended", function (data) { if (data.channel_id === channelId) accessEnded(); });
  socket.on("signed_out", function () { accessEnded(); });

  function applyState(state) {
    if (!state || state.channel_id !== channelId) return;
    root.dataset.paused = state.paused ? "true" : "false";
    root.dataset.slow = state.slow_mode_seconds || 0;
    if (typeof state.moderator === "boolean") moderator = state.moderator;
    setStatus(state.slow_mode_seconds ? t("slow").replace("{n}", state.slow_mode_seconds) : "");
    if (state.live) live.apply(state.live);
    if (state.here) showHere(state.here);
    var pause = document.getElementById("chat-pause");
    if (pause) pause.checked = !!state.paused;
    if (typeof state.can_post === "boolean") applyCanPost(state.can_post);
    composerState();
  }

  // Whether the reader may write now can change while the page is open (a guest's meeting opens or closes).
  function applyCanPost(may) {
    if (ended) return;
    textarea.disabled = !may;
    button.disabled = !may;
    var hint = document.getElementById("chat-cannot-post");
    if (hint) hint.hidden = may;
    composerState();
  }

  // What stops a post is shown on the message box before sending; slow mode counts down to the second.
  var connection = "";
  var countdown = null;
  function composerState() {
    if (ended) return;
    window.clearTimeout(countdown);
    var text = connection, blocked = false;
    var slow = parseInt(root.dataset.slow, 10) || 0;
    var wait = slow && !moderator ? Math.ceil((lastOwnAt + slow * 1000 - Date.now()) / 1000) : 0;
    if (!moderator && root.dataset.paused === "true") { text = t("blocked-paused"); blocked = true; }
    else if (live.floorBlocks()) { text = t("blocked-floor"); blocked = true; }
    else if (wait > 0) {
      text = t(wait === 1 ? "wait-one" : "wait-many").replace("{n}", wait);
      blocked = true;
      countdown = window.setTimeout(composerState, 1000);
    }
    if (connection && text !== connection) text = connection + " " + text;
    composerNote.textContent = text;
    form.classList.toggle("blocked", blocked);
    if (!textarea.disabled) button.disabled = blocked;
  }

  function accessEnded() {
    ended = true;
    setStatus(t("access-ended"));
    textarea.disabled = true;
    button.disabled = true;
    log.textContent = "";
    socket.disconnect();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = textarea.value.trim();
    if (!body) return;
    // A refused bubble's text came back into the box: sending it again replaces that bubble.
    log.querySelectorAll("li.pending.failed").forEach(function (li) {
      removeFromOutbox(li.getAttribute("data-client-id"));
      li.remove();
    });
    var item = { client_id: newClientId(), body: body };
    var items = loadOutbox();
    items.push(item);
    saveOutbox(items);
    showPending(item);
    textarea.value = "";
    toEnd();
    flushOutbox();
  });
  textarea.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !("ontouchstart" in window)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  var lastTyping = 0;
  textarea.addEventListener("input", function () {
    var now = Date.now();
    if (now - lastTyping > 3000 && socket.connected) {
      lastTyping = now;
      socket.emit("typing", { channel_id: channelId });
    }
  });
  var pause = document.getElementById("chat-pause");
  if (pause) pause.addEventListener("change", function () {
    socket.emit("moderate", { channel_id: channelId, paused: pause.checked });
  });
  var slow = document.getElementById("chat-slow");
  if (slow) slow.addEventListener("change", function () {
    socket.emit("moderate", { channel_id: channelId, slow_mode_seconds: parseInt(slow.value, 10) });
  });
  document.addEventListener("visibilitychange", markRead);
  window.addEventListener("online", function () { if (!socket.connected && !ended) socket.connect(); });

  loadOutbox().forEach(function (item) { showPending(item); });
  composerState();
  toEnd();
})();
