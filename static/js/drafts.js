// Aftercare: nothing a person writes is lost to the idle timeout. Everything works without this file.
//
// Forms marked data-draft keep their text fields in sessionStorage (this tab only), under
// "aftercare-draft:" + the form's path + ":" + the field's name. The text comes back when the form is
// shown again (also after logging in again), is dropped once the server says that form was saved
// (data-drafts-saved), and is cleared on logout. data-draft="submit" drops it as soon as the form is
// sent (the chat keeps unsent messages in its own outbox).
//
// Two minutes before the login's idle timeout, the #idle-warning dialog offers "Stay signed in".
(function () {
  "use strict";

  var PREFIX = "aftercare-draft:";
  var DEADLINE = "aftercare-login-deadline";
  var warning = document.getElementById("idle-warning");
  var owner = warning ? warning.getAttribute("data-drafts-owner") : null;
  var store = null;
  try { store = window.sessionStorage; store.getItem(PREFIX); } catch (e) { store = null; }

  function draftKeys() {
    var found = [];
    if (!store) return found;
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) found.push(key);
    }
    return found;
  }
  function forget(key) { try { store.removeItem(key); } catch (e) { /* nothing to do */ } }
  function read(key) { try { return JSON.parse(store.getItem(key)); } catch (e) { return null; } }
  function formPath(form) {
    return new URL(form.getAttribute("action") || window.location.href, window.location.href).pathname;
  }
  function textFields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !el.disabled && !el.readOnly &&
        (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && (el.type === "text" || el.type === "search")));
    });
  }
  function keyFor(form, field) { return PREFIX + formPath(form) + ":" + field.name; }

  // Logging out forgets every draft in this tab.
  document.addEventListener("submit", function (event) {
    if (store && event.target.hasAttribute("data-clears-drafts")) draftKeys().forEach(forget);
  }, true);

  function noteKept(form, restored) {
    var note = document.createElement("div");
    note.className = "draft-note";
    note.setAttribute("role", "status");
    note.setAttribute("data-testid", "draft-note");
    var text = document.createElement("p");
    text.textContent = warning.getAttribute("data-text-kept");
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "secondary";
    discard.textContent = warning.getAttribute("data-text-discard");
    discard.addEventListener("click", function () {
      restored.forEach(function (field) { field.value = field.defaultValue; forget(keyFor(form, field)); });
      note.remove();
      restored[0].focus();
    });
    note.appendChild(text);
    note.appendChild(discard);
    form.parentNode.insertBefore(note, form);  // outside: some forms lay their fields out in a row
  }

  function keepDrafts(form) {
    var restored = [];
    textFields(form).forEach(function (field) {
      var key = keyFor(form, field);
      var draft = read(key);
      if (draft && typeof draft.value === "string" && draft.value.trim() && draft.value !== field.value) {
        field.value = draft.value;
        restored.push(field);
      }
      field.addEventListener("input", function () {
        if (field.value === field.defaultValue) { forget(key); return; }
        try { store.setItem(key, JSON.stringify({ owner: owner, value: field.value })); } catch (e) { /* full */ }
      });
    });
    if (form.getAttribute("data-draft") === "submit") {
      form.addEventListener("submit", function () {
        textFields(form).forEach(function (field) { forget(keyFor(form, field)); });
      });
    }
    if (restored.length) {
      noteKept(form, restored);
      restored.forEach(function (field) { field.dispatchEvent(new Event("input", { bubbles: true })); });
    }
  }

  if (store && owner) {
    var saved = warning.getAttribute("data-drafts-saved");
    draftKeys().forEach(function (key) {
      var draft = read(key);
      // Someone else's text on a shared phone, or the form just saved: gone.
      if (!draft || draft.owner !== owner || (saved && key.indexOf(PREFIX + saved + ":") === 0)) forget(key);
    });
    document.querySelectorAll("form[data-draft]").forEach(keepDrafts);
  }

  if (!warning) return;

  // --- the idle warning ---
  var warnMs = parseInt(warning.getAttribute("data-warn-seconds"), 10) * 1000;
  var keepAlive = warning.querySelector("form[data-keep-alive]");
  var status = document.querySelector("[data-idle-status]");
  var deadline = 0;
  var expired = false;
  var returnFocus = null;

  function setDeadline(ms) {
    deadline = ms;
    try { window.localStorage.setItem(DEADLINE, String(ms)); } catch (e) { /* private mode */ }
  }
  function show(state) {
    warning.querySelector("[data-state=warning]").hidden = state !== "warning";
    warning.querySelector("[data-state=expired]").hidden = state !== "expired";
    warning.setAttribute("aria-labelledby", state === "warning" ? "idle-warning-title" : "idle-expired-title");
    warning.setAttribute("aria-describedby", state === "warning" ? "idle-warning-text" : "idle-expired-text");
    if (warning.hidden) {
      returnFocus = document.activeElement;
      warning.hidden = false;
    }
    warning.querySelector(state === "warning" ? "[data-state=warning] button" : "[data-state=expired] a").focus();
  }
  function hide() {
    warning.hidden = true;
    if (returnFocus && returnFocus.focus && document.body.contains(returnFocus)) returnFocus.focus();
    returnFocus = null;
  }
  function check() {
    var left = deadline - Date.now();
    if (left <= 0) {
      if (!expired) { expired = true; show("expired"); }
    } else if (left <= warnMs) {
      if (warning.hidden || expired) { expired = false; show("warning"); }
    } else if (!warning.hidden) {
      expired = false;
      hide();
    }
  }
  function staySignedIn() {
    fetch(keepAlive.action, {
      method: "POST", credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": keepAlive.elements.csrf_token.value }
    }).then(function (response) {
      if (!response.ok) throw new Error("signed out");
      return response.json();
    }).then(function (data) {
      setDeadline(Date.now() + data.idle_seconds * 1000);
      check();
      if (data.idle_seconds > 0) status.textContent = warning.getAttribute("data-text-still");
    }).catch(function () {
      setDeadline(Date.now());
      check();
    });
  }

  setDeadline(Date.now() + parseInt(warning.getAttribute("data-idle-seconds"), 10) * 1000);
  // Another tab was used or extended the login: follow its deadline.
  window.addEventListener("storage", function (event) {
    if (event.key === DEADLINE && event.newValue) { deadline = parseInt(event.newValue, 10); check(); }
  });
  keepAlive.addEventListener("submit", function (event) { event.preventDefault(); staySignedIn(); });
  warning.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !expired) { event.preventDefault(); staySignedIn(); }
  });
  window.setInterval(check, 1000);
  check();
})();
