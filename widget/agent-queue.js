/*
 * Hotline page, part 2: sign in, live queue of conversations waiting for a person, take one over,
 * write to the user, hand it back to the assistant. Talks to /webhooks/agent/* with the token
 * (Authorization: Bearer …); the token stays in sessionStorage of this tab only.
 * All texts from the server are inserted with textContent only.
 */
(function () {
  "use strict";
  var API = "/webhooks/agent";
  var POLL_MS = 3000;
  var KEY = "lotse-agent:v1";
  var $ = function (id) { return document.getElementById(id); };
  var signinForm = $("signin-form"), tokenInput = $("agent-token"), nameInput = $("agent-name");
  var signinStatus = $("signin-status"), signoutButton = $("signout-button");
  var queueSection = $("queue-section"), queueList = $("queue"), queueStatus = $("queue-status");
  var chatSection = $("chat-section"), chatHeading = $("chat-heading"), chatSummary = $("chat-summary");
  var chatHistory = $("chat-history"), replyForm = $("reply-form"), reply = $("reply");
  var takeButton = $("take-button"), releaseButton = $("release-button"), chatStatus = $("chat-status");

  var session = load();
  var current = null; // id of the open conversation
  var timer = null;
  var lastQueueKey = "";

  function load() {
    try { return JSON.parse(window.sessionStorage.getItem(KEY)) || null; } catch (e) { return null; }
  }
  function save() {
    try {
      if (session) window.sessionStorage.setItem(KEY, JSON.stringify(session));
      else window.sessionStorage.removeItem(KEY);
    } catch (e) { /* ignore */ }
  }
  function randomId() {
    var b = new Uint8Array(8); window.crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }
  function setStatus(node, text, isError) { node.textContent = text; node.classList.toggle("error", !!isError); }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function el(tag, text, cls) {
    var n = document.createElement(tag);
    if (text !== undefined && text !== null) n.textContent = String(text);
    if (cls) n.className = cls;
    return n;
  }

  function api(method, path, body) {
    return fetch(API + path, {
      method: method,
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + (session ? session.token : "") },
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (resp) {
      return resp.json().catch(function () { return {}; }).then(function (data) {
        if (resp.status === 401) { signedOut("Der Zugangsschlüssel ist nicht gültig. Bitte melden Sie sich an."); }
        if (!resp.ok) { var err = new Error(data.error || ("HTTP " + resp.status)); err.status = resp.status; throw err; }
        return data;
      });
    });
  }

  function minutesSince(ts) {
    if (!ts) return "";
    var min = Math.max(0, Math.round((Date.now() / 1000 - ts) / 60));
    return min < 1 ? "seit weniger als einer Minute" : "seit " + min + (min === 1 ? " Minute" : " Minuten");
  }

  var FIGURES = {
    arbeitsplaetze: "Arbeitsplätze", schwerbehinderte: "Schwerbehinderte Beschäftigte",
    ausgleichsabgabe_jahr: "Ausgleichsabgabe (berechnet, pro Jahr)", kuendigung_art: "Kündigung",
    kuendigung_datum: "Datum (Kündigung/Antrag)",
  };

  function summaryRows(s) {
    var rows = [];
    if (s.frage) rows.push(["Offene Frage", s.frage]);
    if (s.rolle) rows.push(["Rolle", s.rolle]);
    if (s.amt) rows.push(["Amt / Land", s.amt + (s.land ? " (" + s.land + ")" : "")]);
    if (s.themen && s.themen.length) rows.push(["Themen", s.themen.join(", ")]);
    Object.keys(s.zahlen || {}).forEach(function (k) { rows.push([FIGURES[k] || k, s.zahlen[k]]); });
    if (s.nachtraege && s.nachtraege.length) rows.push(["Beim Warten geschrieben", s.nachtraege.join(" | ")]);
    if (s.leichte_sprache) rows.push(["Sprache", "Leichte Sprache – bitte einfach schreiben"]);
    if (!rows.length) rows.push(["Hinweis", "Noch keine Angaben im Gespräch."]);
    return rows;
  }

  function renderSummary(dl, s) {
    clear(dl);
    summaryRows(s || {}).forEach(function (r) { dl.appendChild(el("dt", r[0])); dl.appendChild(el("dd", r[1])); });
  }

  function statusText(c) {
    if (c.status === "active") return "In Bearbeitung: " + (c.agent || "");
    return "Wartet " + minutesSince(c.since);
  }

  function renderQueue(data) {
    var items = data.queue || [];
    var h = data.hotline || {};
    var avail = h.reason === "closed" ? "Außerhalb der Sprechzeiten (" + h.hours + ") – Ratsuchende erhalten die Kontaktdaten des Amts."
      : (h.agents || 0) + " angemeldet, Sprechzeiten " + (h.hours || "");
    setStatus(queueStatus, (items.length ? items.length + " Gespräch(e) in der Warteschlange. " :
      "Die Warteschlange ist leer. ") + avail, false);
    var key = JSON.stringify(items.map(function (c) { return [c.id, c.status, c.agent, c.summary]; }));
    if (key === lastQueueKey) return; // nothing changed: keep focus and reading position
    lastQueueKey = key;
    clear(queueList);
    items.forEach(function (c, i) {
      var li = el("li");
      li.setAttribute("data-id", c.id);
      li.appendChild(el("h3", "Gespräch " + (i + 1) + " – " + statusText(c)));
      var dl = el("dl", null, "summary");
      renderSummary(dl, c.summary);
      li.appendChild(dl);
      var open = el("button", c.status === "waiting" ? "Ansehen und übernehmen" : "Gespräch öffnen");
      open.type = "button";
      open.setAttribute("aria-label", (c.status === "waiting" ? "Ansehen und übernehmen: Gespräch " : "Öffnen: Gespräch ") + (i + 1));
      open.addEventListener("click", function () { openConversation(c.id, true); });
      li.appendChild(open);
      queueList.appendChild(li);
    });
  }

  function renderConversation(data) {
    renderSummary(chatSummary, data.summary);
    clear(chatHistory);
    (data.history || []).forEach(function (m) {
      var li = el("li", null, "from-" + m.from);
      var who = m.from === "user" ? "Ratsuchende Person: " : m.from === "agent" ? (m.agent || "Hotline") + ": " : "Assistent: ";
      li.appendChild(el("span", who, "who"));
      String(m.text).split("\n").forEach(function (line, i) {
        if (i) li.appendChild(document.createElement("br"));
        li.appendChild(document.createTextNode(line));
      });
      chatHistory.appendChild(li);
    });
    var mine = data.status === "active";
    chatSection.setAttribute("data-status", data.status);
    takeButton.hidden = data.status !== "waiting";
    replyForm.hidden = !mine;
    releaseButton.hidden = data.status === "bot";
    chatHeading.textContent = data.status === "bot" ? "Gespräch (zurück beim Assistenten)"
      : mine ? "Gespräch – Sie schreiben mit der ratsuchenden Person" : "Gespräch – wartet auf Übernahme";
  }

  function openConversation(id, focus) {
    current = id;
    chatSection.hidden = false;
    setStatus(chatStatus, "", false);
    return api("GET", "/conversations/" + encodeURIComponent(id)).then(function (data) {
      renderConversation(data);
      if (focus) chatHeading.focus();
    }).catch(function (e) { setStatus(chatStatus, "Das Gespräch kann nicht geladen werden: " + e.message, true); });
  }

  function tick() {
    if (!session) return;
    api("POST", "/heartbeat", { agent_id: session.agentId }).then(function () {
      return api("GET", "/queue");
    }).then(function (data) {
      renderQueue(data);
      if (current) return api("GET", "/conversations/" + encodeURIComponent(current)).then(function (d) {
        var count = chatHistory.children.length;
        if ((d.history || []).length !== count || d.status !== (chatSection.getAttribute("data-status") || "")) {
          renderConversation(d);
        }
      });
    }).catch(function (e) {
      if (e.status !== 401) setStatus(queueStatus, "Verbindung zum Server gestört – neuer Versuch in wenigen Sekunden.", true);
    });
  }

  function signedIn() {
    signinForm.hidden = true;
    signoutButton.hidden = false;
    queueSection.hidden = false;
    setStatus(signinStatus, "Angemeldet als " + (session.name || "Mitarbeiterin/Mitarbeiter der Hotline") + ".", false);
    if (timer) window.clearInterval(timer);
    timer = window.setInterval(tick, POLL_MS);
    tick();
  }

  function signedOut(message) {
    if (timer) window.clearInterval(timer);
    timer = null;
    session = null; save();
    current = null; lastQueueKey = "";
    signinForm.hidden = false; signoutButton.hidden = true;
    queueSection.hidden = true; chatSection.hidden = true;
    setStatus(signinStatus, message || "", !!message);
  }

  signinForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var token = tokenInput.value.trim();
    if (!token) { setStatus(signinStatus, "Bitte geben Sie den Zugangsschlüssel ein.", true); tokenInput.focus(); return; }
    session = { token: token, name: nameInput.value.trim(), agentId: randomId() };
    api("POST", "/heartbeat", { agent_id: session.agentId }).then(function () {
      save(); tokenInput.value = ""; signedIn();
    }).catch(function (e) {
      if (e.status !== 401) signedOut("Anmeldung nicht möglich: " + e.message);
      tokenInput.focus();
    });
  });

  signoutButton.addEventListener("click", function () {
    var s = session;
    if (s) api("POST", "/signout", { agent_id: s.agentId }).catch(function () { /* ignore */ });
    signedOut("Sie sind abgemeldet.");
  });

  takeButton.addEventListener("click", function () {
    if (!current) return;
    api("POST", "/conversations/" + encodeURIComponent(current) + "/take", { name: session.name })
      .then(function () { return openConversation(current, false); })
      .then(function () { setStatus(chatStatus, "Sie haben das Gespräch übernommen. Die Person sieht das im Chat.", false); reply.focus(); })
      .catch(function (e) { setStatus(chatStatus, "Übernahme nicht möglich: " + e.message, true); });
  });

  replyForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = reply.value.trim();
    if (!text || !current) { reply.focus(); return; }
    api("POST", "/conversations/" + encodeURIComponent(current) + "/send", { text: text })
      .then(function () { reply.value = ""; setStatus(chatStatus, "Nachricht gesendet.", false); return openConversation(current, false); })
      .then(function () { reply.focus(); })
      .catch(function (e) { setStatus(chatStatus, "Nachricht nicht gesendet: " + e.message, true); });
  });
  reply.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      replyForm.requestSubmit();
    }
  });

  releaseButton.addEventListener("click", function () {
    if (!current) return;
    api("POST", "/conversations/" + encodeURIComponent(current) + "/release")
      .then(function () { return openConversation(current, false); })
      .then(function () { setStatus(chatStatus, "Das Gespräch ist zurück beim Assistenten.", false); tick(); })
      .catch(function (e) { setStatus(chatStatus, "Rückgabe nicht möglich: " + e.message, true); });
  });

  if (session && session.token) signedIn();
})();
