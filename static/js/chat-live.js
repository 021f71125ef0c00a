// The live meeting in the chat: a compact line with who has the floor (sticky on a phone), the
// collapsible panel with the raise-hand queue, and the leaders' tools. Started by chat.js.
(function () {
  "use strict";

  window.AftercareLive = function (ctx) {
    var root = ctx.root, t = ctx.t, el = ctx.el, userId = ctx.userId;
    var panel = document.getElementById("live-panel");
    var openWrap = document.getElementById("live-open-wrap");
    var ended = document.getElementById("live-ended");
    var body = document.getElementById("live-body");
    var toggle = document.getElementById("live-toggle");
    var note = document.getElementById("live-note");
    var moderator = root.dataset.moderator === "true";
    var current = { open: false };

    if (toggle) {
      // Open by default where there is room; on a phone the chat stays in view under the line.
      var wide = window.matchMedia("(min-width: 48rem)").matches;
      setExpanded(wide);
      toggle.addEventListener("click", function () { setExpanded(toggle.getAttribute("aria-expanded") !== "true"); });
    }
    function setExpanded(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      body.hidden = !open;
    }

    function emit(event, extra) {
      var data = { channel_id: ctx.channelId };
      Object.keys(extra || {}).forEach(function (key) { data[key] = extra[key]; });
      if (note) note.textContent = "";
      ctx.socket.emit(event, data, function (ack) {
        if (!ack || !ack.ok) {
          var text = (ack && ack.error) || "";
          if (note && !body.hidden) note.textContent = text; else ctx.setStatus(text);
        }
      });
    }

    function apply(live) {
      if (!panel || !live || (live.channel_id && live.channel_id !== ctx.channelId)) return;
      current = live;
      panel.hidden = !live.open;
      if (openWrap) openWrap.hidden = !!live.open;
      if (live.closed) ended.hidden = false;
      ctx.changed();
      if (!live.open) return;
      ended.hidden = true;
      var floor = document.getElementById("live-floor");
      floor.textContent = !live.floor ? t("no-floor") : live.floor.id === userId ? t("you-floor")
        : t("floor").replace("{name}", live.floor.name);
      var count = live.queue.length;
      document.getElementById("live-count").textContent = count
        ? "· " + t(count === 1 ? "hands-one" : "hands-many").replace("{n}", count) : "";
      var queue = document.getElementById("live-queue");
      queue.textContent = "";
      var mine = false;
      live.queue.forEach(function (person) {
        if (person.id === userId) mine = true;
        var li = el("li", "", person.id === userId ? t("you") : person.name);
        if (moderator) {
          var give = el("button", "link-button", t("give"));
          give.type = "button";
          give.setAttribute("aria-label", t("give") + ": " + person.name);
          give.addEventListener("click", function () { emit("give_floor", { user_id: person.id }); });
          li.appendChild(document.createTextNode(" "));
          li.appendChild(give);
        }
        queue.appendChild(li);
      });
      if (!count) queue.appendChild(el("li", "hint", t("no-hands")));
      document.getElementById("live-raise").hidden = mine;
      document.getElementById("live-lower").hidden = !mine;
      var next = document.getElementById("live-next");
      if (next) next.disabled = !count;
      var take = document.getElementById("live-take");
      if (take) take.hidden = !live.floor || live.floor.id === userId;
    }

    [["live-raise", "raise_hand"], ["live-lower", "lower_hand"], ["live-next", "give_floor"],
     ["live-open", "open_live"]].forEach(function (pair) {
      var button = document.getElementById(pair[0]);
      if (button) button.addEventListener("click", function () { emit(pair[1]); });
    });
    var take = document.getElementById("live-take");
    if (take) take.addEventListener("click", function () { emit("give_floor", { user_id: userId }); });
    var close = document.getElementById("live-close");
    if (close) close.addEventListener("click", function () {
      ctx.ask({ title: t("close-title"), text: t("close-text"), confirm: t("close"), danger: true, opener: close },
        function () { emit("close_live"); });
    });
    var coLeader = document.getElementById("live-coleader");
    if (coLeader) coLeader.addEventListener("change", function () {
      if (coLeader.value) emit("give_floor", { user_id: parseInt(coLeader.value, 10) });
      coLeader.value = "";
    });
    ctx.socket.on("live", apply);

    return {
      apply: apply,
      // Whether the floor rule stops this reader from writing now.
      floorBlocks: function () {
        return root.dataset.floorOnly === "true" && !moderator && current.open &&
          !(current.floor && current.floor.id === userId);
      },
    };
  };
})();
