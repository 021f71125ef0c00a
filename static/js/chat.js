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
  var seen = {};
  var fetching = false;
  var ended = false;

  log.querySelectorAll("li[data-id]").forEach(function (li) { seen[li.dataset.id] = li; });

  function newClientId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function loadOutbox() {
    try { return JSON.parse(window.localStorage.getItem(outboxKey)) || []; } catch (e) { return []; }
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

  function clock(iso) {
    return new Date(iso).toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" });
  }

  function bodyText(m) {
    if (m.hidden) {
      if (m.author_id === userId && m.hidden_reason) return t("removed-yours") + " " + m.hidden_reason;
      return t("removed");
    }
    return m.body;
  }

  function reactionBar(m) {
    var bar = el("span", "chat-reactions");
    if (m.hidden) return bar;
    ["heart", "thanks", "strong"].forEach(function (kind) {
      var count = (m.reactions && m.reactions[kind]) || 0;
      var b = el("button", "reaction reaction-" + kind, EMOJI[kind] + (count ? " " + count : ""));
      b.type = "button";
      b.setAttribute("aria-label", t(kind) + (count ? " " + count : ""));
      b.title = t(kind);
      b.setAttribute("data-kind", kind);
      b.addEventListener("click", function () {
        socket.emit("react", { message_id: m.id, kind: kind }, function (ack) {
          if (!ack || !ack.ok) setStatus(ack && ack.error);
        });
      });
      bar.appendChild(b);
    });
    if (m.author_id !== userId) {
      var report = el("button", "link-button chat-report", t("report"));
      report.type = "button";
      report.addEventListener("click", function () {
        var reason = window.prompt(t("report-why"));
        if (reason === null) return;
        socket.emit("report", { message_id: m.id, reason: reason }, function (ack) {
          setStatus(ack && ack.ok ? t("reported") : ack && ack.error);
        });
      });
      bar.appendChild(report);
    }
    if (root.dataset.moderator === "true") {
      var hide = el("button", "link-button chat-hide", t("hide"));
      hide.type = "button";
      hide.addEventListener("click", function () {
        var reason = window.prompt(t("hide-why"));
        if (!reason) return;
        socket.emit("hide", { message_id: m.id, reason: reason }, function (ack) {
          if (!ack || !ack.ok) setStatus(ack && ack.error);
        });
      });
      bar.appendChild(hide);
      if (m.author_id && m.author_id !== userId) {
        var mute = el("button", "link-button chat-mute", t("mute"));
        mute.type = "button";
        mute.addEventListener("click", function () {
          socket.emit("mute", { message_id: m.id }, function (ack) {
            setStatus(ack && ack.ok ? t("muted") : ack && ack.error);
          });
        });
        bar.appendChild(mute);
      }
    }
    return bar;
  }

  function render(m) {
    var own = m.author_id === userId;
    var li = el("li", "chat-msg" + (own ? " own" : "") + (m.hidden ? " hidden-msg" : ""));
    li.dataset.id = m.id;
    li.dataset.seq = m.seq;
    var author = el("span", "chat-author", own ? t("you") : (m.author || t("deleted-member")));
    if (m.author_label === "guest_professional") {
      author.appendChild(document.createTextNode(" "));
      author.appendChild(el("span", "chat-author-label", "(" + t("guest-professional") + ")"));
    }
    li.appendChild(author);
    li.appendChild(el("p", "chat-body", bodyText(m)));
    var time = el("time", "hint", clock(m.created_at));
    time.setAttribute("datetime", m.created_at);
    li.appendChild(time);
    li.appendChild(reactionBar(m));
    return li;
  }

  function place(m) {
    var existing = seen[m.id];
    var node = render(m);
    if (existing) {
      existing.replaceWith(node);
    } else {
      var empty = log.querySelector(".chat-empty");
      if (empty) empty.remove();
      var after = null;
      log.querySelectorAll("li[data-seq]").forEach(function (li) {
        if (parseInt(li.dataset.seq, 10) > m.seq && !after) after = li;
      });
      log.insertBefore(node, after);
    }
    seen[m.id] = node;
    var clientId = m.client_id || sentIds[m.id];
    var pending = clientId && pendingLi(clientId);
    if (pending) pending.remove();
    delete sentIds[m.id];
  }

  function accept(messages) {
    messages.sort(function (a, b) { return a.seq - b.seq; });
    messages.forEach(function (m) {
      place(m);
      if (m.seq > lastSeq) lastSeq = m.seq;
    });
    markRead();
    window.scrollTo(0, document.body.scrollHeight);
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

  // The first join re-sends the server-rendered messages too, so they get their buttons.
  var first = log.querySelector("li[data-seq]");
  var joinFrom = first ? parseInt(first.dataset.seq, 10) - 1 : lastSeq;
  function join() {
    var from = joinFrom !== null ? joinFrom : lastSeq;
    socket.timeout(10000).emit("join", { channel_id: channelId, last_seq: from }, function (err, ack) {
      if (err || (ack && ack.retry)) { // the server could not answer now: ask again
        window.setTimeout(function () { if (socket.connected && !joined) join(); }, 3000);
        return;
      }
      if (!ack || !ack.ok) { accessEnded(); return; }
      joinFrom = null;
      joined = true;
      accept(ack.messages);
      if (ack.more) catchUp();
      applyState(ack.state);
      flushOutbox();
    });
  }
  socket.on("connect", function () {
    setStatus("");
    joined = false;
    sending = null; // an answer lost with the old connection: send it again (same client id)
    join();
  });
  socket.on("disconnect", function () {
    joined = false;
    if (!ended) setStatus(navigator.onLine ? t("reconnecting") : t("offline"));
  });
  socket.io.on("reconnect_attempt", function () { if (!ended) setStatus(t("reconnecting")); });
  socket.on("connect_error", function (error) {
    if (!ended) setStatus(error && error.message && error.message !== "xhr poll error" ? error.message : t("reconnecting"));
  });
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
    var notes = [];
    if (state.paused) notes.push(t("paused"));
    if (state.slow_mode_seconds) notes.push(t("slow").replace("{n}", state.slow_mode_seconds));
    if (notes.length) setStatus(notes.join(" "));
    else if (socket.connected) setStatus("");
    if (state.live) applyLive(state.live);
    if (state.here) showHere(state.here);
    var pause = document.getElementById("chat-pause");
    if (pause) pause.checked = !!state.paused;
    if (typeof state.can_post === "boolean") applyCanPost(state.can_post);
  }

  // Whether the reader may write now can change while the page is open (a guest's meeting opens or closes).
  function applyCanPost(may) {
    if (ended) return;
    textarea.disabled = !may;
    button.disabled = !may;
    var hint = document.getElementById("chat-cannot-post");
    if (hint) hint.hidden = may;
  }

  // --- live meeting: raise-hand queue and the floor ---
  var livePanel = document.getElementById("live-panel");
  var liveOpenWrap = document.getElementById("live-open-wrap");
  var liveEnded = document.getElementById("live-ended");
  function applyLive(live) {
    if (!livePanel || !live || (live.channel_id && live.channel_id !== channelId)) return;
    livePanel.hidden = !live.open;
    if (liveOpenWrap) liveOpenWrap.hidden = !!live.open;
    if (live.closed) liveEnded.hidden = false;
    if (!live.open) return;
    liveEnded.hidden = true;
    document.getElementById("live-floor").textContent = live.floor ? t("floor").replace("{name}", live.floor.name) : t("no-floor");
    var queue = document.getElementById("live-queue");
    queue.textContent = "";
    var mine = false;
    live.queue.forEach(function (person) {
      if (person.id === userId) mine = true;
      var li = el("li", "", person.id === userId ? t("you") : person.name);
      if (root.dataset.moderator === "true") {
        var give = el("button", "link-button", t("give"));
        give.type = "button";
        give.addEventListener("click", function () { liveEmit("give_floor", { user_id: person.id }); });
        li.appendChild(document.createTextNode(" "));
        li.appendChild(give);
      }
      queue.appendChild(li);
    });
    if (!live.queue.length) queue.appendChild(el("li", "hint", t("no-hands")));
    document.getElementById("live-raise").hidden = mine;
    document.getElementById("live-lower").hidden = !mine;
  }
  function liveEmit(event, extra) {
    var data = { channel_id: channelId };
    Object.keys(extra || {}).forEach(function (key) { data[key] = extra[key]; });
    socket.emit(event, data, function (ack) { if (!ack || !ack.ok) setStatus(ack && ack.error); });
  }
  [["live-raise", "raise_hand"], ["live-lower", "lower_hand"], ["live-next", "give_floor"],
   ["live-open", "open_live"], ["live-close", "close_live"]].forEach(function (pair) {
    var button = document.getElementById(pair[0]);
    if (button) button.addEventListener("click", function () { liveEmit(pair[1]); });
  });
  var coLeader = document.getElementById("live-coleader");
  if (coLeader) coLeader.addEventListener("change", function () {
    if (coLeader.value) liveEmit("give_floor", { user_id: parseInt(coLeader.value, 10) });
    coLeader.value = "";
  });
  socket.on("live", applyLive);

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
    var item = { client_id: newClientId(), body: body };
    var items = loadOutbox();
    items.push(item);
    saveOutbox(items);
    showPending(item);
    textarea.value = "";
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
})();
