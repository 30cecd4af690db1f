/*
 * Teilhabe-Lotse – Chat-Widget (one script tag; settings in window.LotseConfig).
 *
 * Talks to Rasa's socket.io channel (user_uttered / bot_uttered, session_persistence: true).
 * Accessibility: real buttons, labels on every control, role="log" live region, Escape closes and
 * returns focus to the launcher, no time limits. Message text is only ever set via textContent.
 */
(function () {
  "use strict";
  if (window.LotseWidget) return; // embedded twice: keep the first

  var script = document.currentScript;
  var base = script && script.src ? script.src.replace(/[^/]*$/, "") : "/widget/";
  var cfg = window.LotseConfig || {};
  var config = {
    server: cfg.server || new URL(base, document.baseURI).origin,
    socketPath: cfg.socketPath || "/socket.io",
    leichteSprache: cfg.leichteSprache === true,
    title: cfg.title || "Teilhabe-Lotse",
  };
  var STORE_KEY = "lotse-widget:v1";

  var TEXT = {
    launcher: "Fragen zum Integrationsamt? Chat öffnen",
    intro: "Stellen Sie Ihre Frage zu Leistungen des Integrationsamts, zum Kündigungsschutz oder zur " +
      "Ausgleichsabgabe. Der Lotse ist ein digitaler Assistent und ersetzt keine Rechtsberatung.",
    introLs: "Fragen Sie zum Integrationsamt. Ich bin ein Computer-Programm. Ich bin kein Anwalt.",
    privacy: "Datenschutz: Bitte geben Sie keine Namen, Adressen oder Gesundheitsdaten ein. Der " +
      "Gesprächsverlauf bleibt nur in diesem Browser-Tab gespeichert, bis Sie ihn schließen.",
    privacyLs: "Wichtig: Schreiben Sie keinen Namen. Schreiben Sie keine Adresse. " +
      "Schreiben Sie nichts über Ihre Krankheit. Das brauche ich nicht.",
    inputLabel: "Ihre Nachricht",
    send: "Senden",
    close: "Chat schließen",
    restart: "Gespräch neu starten",
    leichteSprache: "Leichte Sprache",
    log: "Gesprächsverlauf",
    suggestions: "Antwortvorschläge",
    you: "Sie: ",
    bot: "Lotse: ",
    typing: "Der Lotse schreibt …",
    connecting: "Verbindung wird hergestellt …",
    reconnecting: "Verbindung unterbrochen – wird wiederhergestellt…",
    reconnected: "Verbindung wiederhergestellt.",
    restarted: "Das Gespräch wurde neu gestartet.",
    newWindow: " (öffnet in neuem Fenster)",
  };

  // ------------------------------------------------------------------ state (sessionStorage)
  function newSessionId() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function loadState() {
    try {
      var raw = window.sessionStorage.getItem(STORE_KEY);
      var parsed = raw ? JSON.parse(raw) : null;
      if (parsed && typeof parsed.sessionId === "string" && Array.isArray(parsed.messages)) return parsed;
    } catch (e) { /* storage blocked or broken: start fresh */ }
    return { sessionId: newSessionId(), messages: [], leichteSprache: config.leichteSprache, lsSent: false };
  }

  function saveState() {
    try { window.sessionStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* ignore */ }
  }

  var state = loadState();

  // ------------------------------------------------------------------ DOM helpers
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "hidden") node.hidden = !!attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }

  function safeUrl(raw) {
    try {
      var url = new URL(raw, document.baseURI);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function appendPlainText(parent, text) {
    String(text).split("\n").forEach(function (line, i) {
      if (i > 0) parent.appendChild(document.createElement("br"));
      parent.appendChild(document.createTextNode(line));
    });
  }

  // Text -> nodes: line breaks as <br>, http(s) links as safe <a>; never innerHTML.
  var LINK_RE = /\[([^\]\n]{1,200})\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>"]+)/g;
  function appendRichText(parent, text) {
    String(text).split("\n").forEach(function (line, i) {
      if (i > 0) parent.appendChild(document.createElement("br"));
      var last = 0;
      var match;
      LINK_RE.lastIndex = 0;
      while ((match = LINK_RE.exec(line)) !== null) {
        var label = match[1];
        var href = match[2] || match[3];
        var trailing = "";
        if (!label) {
          var t = /[.,;:!?)]+$/.exec(href);
          if (t) { trailing = t[0]; href = href.slice(0, -trailing.length); }
        }
        var url = safeUrl(href);
        if (match.index > last) parent.appendChild(document.createTextNode(line.slice(last, match.index)));
        if (url) {
          var a = el("a", { href: url, target: "_blank", rel: "noopener noreferrer" });
          a.textContent = label || href;
          a.appendChild(el("span", { "class": "lotse-sr", text: TEXT.newWindow }));
          parent.appendChild(a);
        } else {
          parent.appendChild(document.createTextNode(match[0]));
        }
        if (trailing) parent.appendChild(document.createTextNode(trailing));
        last = match.index + match[0].length;
      }
      if (last < line.length) parent.appendChild(document.createTextNode(line.slice(last)));
    });
  }

  // ------------------------------------------------------------------ build the UI
  var cssLink = el("link", { rel: "stylesheet", href: base + "lotse-widget.css" });
  document.head.appendChild(cssLink);

  var launcher = el("button", {
    type: "button", "class": "lotse-launcher", "aria-expanded": "false", "aria-controls": "lotse-panel",
    text: TEXT.launcher,
  });
  var title = el("h2", { id: "lotse-title", "class": "lotse-title", text: config.title });
  var lsButton = el("button", { type: "button", "class": "lotse-tool", "aria-pressed": "false",
    text: TEXT.leichteSprache });
  var restartButton = el("button", { type: "button", "class": "lotse-tool", text: TEXT.restart });
  var closeButton = el("button", { type: "button", "class": "lotse-close", "aria-label": TEXT.close },
    [el("span", { "aria-hidden": "true", text: "×" })]);
  var status = el("p", { "class": "lotse-status", role: "status", "aria-live": "polite" });
  var intro = el("p", { "class": "lotse-intro", id: "lotse-intro" });
  var privacy = el("p", { "class": "lotse-privacy", id: "lotse-privacy" });
  var log = el("div", { "class": "lotse-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
    "aria-label": TEXT.log, tabindex: "0" });
  var typing = el("p", { "class": "lotse-typing", "aria-hidden": "true", hidden: true }, [
    el("span", { "class": "lotse-dots" }), document.createTextNode(TEXT.typing)]);
  var input = el("textarea", { id: "lotse-input", "class": "lotse-input", rows: "2", maxlength: "1000",
    autocomplete: "off", "aria-describedby": "lotse-privacy" });
  var form = el("form", { "class": "lotse-form", novalidate: "" }, [
    el("label", { "for": "lotse-input", "class": "lotse-label", text: TEXT.inputLabel }),
    el("div", { "class": "lotse-row" }, [input,
      el("button", { type: "submit", "class": "lotse-send", text: TEXT.send })]),
  ]);
  var panel = el("section", { id: "lotse-panel", "class": "lotse-panel", role: "dialog",
    "aria-labelledby": "lotse-title", hidden: true }, [
    el("div", { "class": "lotse-header" }, [title,
      el("div", { "class": "lotse-tools" }, [lsButton, restartButton]), closeButton]),
    status,
    el("div", { "class": "lotse-scroll" }, [intro, privacy, log, typing]),
    form,
  ]);
  var root = el("div", { "class": "lotse-root", lang: "de" }, [launcher, panel]);
  document.body.appendChild(root);

  function renderNotices() {
    intro.textContent = state.leichteSprache ? TEXT.introLs : TEXT.intro;
    privacy.textContent = state.leichteSprache ? TEXT.privacyLs : TEXT.privacy;
    lsButton.setAttribute("aria-pressed", state.leichteSprache ? "true" : "false");
  }

  function scrollToEnd() {
    var scroller = panel.querySelector(".lotse-scroll");
    scroller.scrollTop = scroller.scrollHeight;
  }

  function renderMessage(msg, index) {
    var bubble = el("div", { "class": "lotse-msg lotse-" + msg.from }, [
      el("span", { "class": "lotse-sr", text: msg.from === "user" ? TEXT.you : TEXT.bot })]);
    var body = el("span", { "class": "lotse-text" });
    if (msg.from === "bot") appendRichText(body, msg.text || "");
    else appendPlainText(body, msg.text || "");
    bubble.appendChild(body);
    log.appendChild(bubble);
    if (msg.buttons && msg.buttons.length) {
      var group = el("div", { "class": "lotse-replies", role: "group", "aria-label": TEXT.suggestions });
      msg.buttons.forEach(function (b) {
        var button = el("button", { type: "button", "class": "lotse-reply", text: String(b.title || "") });
        button.addEventListener("click", function () {
          delete state.messages[index].buttons;
          group.parentNode.removeChild(group);
          send(String(b.payload || b.title || ""), String(b.title || ""));
          input.focus();
        });
        group.appendChild(button);
      });
      log.appendChild(group);
    }
  }

  function addMessage(msg) {
    state.messages.push(msg);
    saveState();
    renderMessage(msg, state.messages.length - 1);
    scrollToEnd();
  }

  function renderAll() {
    while (log.firstChild) log.removeChild(log.firstChild);
    state.messages.forEach(renderMessage);
    renderNotices();
  }

  // ------------------------------------------------------------------ socket.io
  var socket = null;
  var ready = false; // session confirmed by the server
  var everConnected = false;
  var afterConfirm = ""; // status text to show once the (new) session is confirmed
  var queue = [];

  function setStatus(text) { status.textContent = text || ""; }

  function emitNow(message) {
    socket.emit("user_uttered", { message: message, session_id: state.sessionId });
  }

  function flush() {
    while (ready && queue.length) emitNow(queue.shift());
  }

  function send(message, shownText) {
    if (shownText) addMessage({ from: "user", text: shownText });
    typing.hidden = false;
    queue.push(message);
    flush();
  }

  function onBotMessage(data) {
    if (!data || typeof data !== "object") return;
    typing.hidden = true;
    var text = typeof data.text === "string" ? data.text : "";
    var buttons = (data.quick_replies || data.buttons || []).filter(function (b) {
      return b && (b.title || b.payload);
    }).map(function (b) { return { title: String(b.title || b.payload), payload: String(b.payload || b.title) }; });
    if (!text && data.attachment && data.attachment.payload && data.attachment.payload.src) {
      text = String(data.attachment.payload.src); // shown as a safe link, never loaded inline
    }
    if (!text && !buttons.length) return;
    addMessage({ from: "bot", text: text, buttons: buttons });
  }

  function connect() {
    if (socket) return;
    if (typeof window.io !== "function") {
      loadSocketIo(connect);
      return;
    }
    setStatus(TEXT.connecting);
    var s = window.io(config.server, {
      path: config.socketPath,
      reconnection: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
      timeout: 10000,
    });
    socket = s;
    function current() { return s === socket; } // events of a socket replaced by restart() are ignored
    s.on("connect", function () {
      if (!current()) return;
      ready = false;
      s.emit("session_request", { session_id: state.sessionId });
    });
    s.on("session_confirm", function () {
      if (!current()) return;
      ready = true;
      setStatus(everConnected ? TEXT.reconnected : afterConfirm);
      everConnected = true;
      afterConfirm = "";
      if (state.leichteSprache && !state.lsSent) {
        state.lsSent = true;
        saveState();
        queue.unshift("/leichte_sprache_an");
      }
      flush();
    });
    s.on("disconnect", function (reason) {
      if (!current()) return;
      ready = false;
      if (reason !== "io client disconnect") setStatus(TEXT.reconnecting);
    });
    s.on("connect_error", function () {
      if (!current()) return;
      ready = false;
      setStatus(TEXT.reconnecting);
      if (!s.active) s.connect(); // the server refused: keep trying, no time limit
    });
    s.on("bot_uttered", function (data) {
      if (current()) onBotMessage(data);
    });
  }

  var loadingIo = false;
  function loadSocketIo(done) {
    if (loadingIo) return;
    loadingIo = true;
    var s = document.createElement("script");
    s.src = base + "vendor/socket.io.min.js";
    s.onload = function () { loadingIo = false; done(); };
    s.onerror = function () { loadingIo = false; setStatus(TEXT.reconnecting); };
    document.head.appendChild(s);
  }

  // ------------------------------------------------------------------ interaction
  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    root.classList.add("lotse-open");
    connect();
    scrollToEnd();
    input.focus();
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    root.classList.remove("lotse-open");
    launcher.focus();
  }

  function restart() {
    if (ready) emitNow("/restart");
    state = { sessionId: newSessionId(), messages: [], leichteSprache: state.leichteSprache,
      lsSent: false };
    try { window.sessionStorage.removeItem(STORE_KEY); } catch (e) { /* ignore */ }
    saveState();
    queue = [];
    typing.hidden = true;
    renderAll();
    if (socket) {
      // a fresh socket joins only the new session's room; answers to /restart are not shown
      var old = socket;
      socket = null;
      ready = false;
      old.disconnect();
      everConnected = false;
      afterConfirm = TEXT.restarted;
      connect();
    }
    setStatus(TEXT.restarted);
    input.focus();
  }

  launcher.addEventListener("click", function () {
    if (panel.hidden) open(); else close();
  });
  closeButton.addEventListener("click", close);
  restartButton.addEventListener("click", restart);
  lsButton.addEventListener("click", function () {
    state.leichteSprache = !state.leichteSprache;
    state.lsSent = true;
    saveState();
    renderNotices();
    send(state.leichteSprache ? "/leichte_sprache_an" : "/leichte_sprache_aus", "");
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") {
      event.preventDefault();
      close();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { input.focus(); return; }
    input.value = "";
    send(text, text);
    input.focus();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });

  renderAll();
  saveState();
  if (state.messages.length) launcher.classList.add("lotse-has-history");

  window.LotseWidget = {
    open: open,
    close: close,
    restart: restart,
    get socket() { return socket; },
    get sessionId() { return state.sessionId; },
  };
})();
