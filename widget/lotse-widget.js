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
    // BITV 2.0 § 4 / § 7: accessibility statement (with feedback route), Leichte Sprache, DGS
    accessibilityUrl: cfg.accessibilityUrl || base + "barrierefreiheit.html",
    leichteSpracheUrl: cfg.leichteSpracheUrl || base + "leichte-sprache.html",
    dgsUrl: cfg.dgsUrl || base + "dgs.html",
  };
  var STORE_KEY = "lotse-widget:v1";

  var TEXT = {
    launcher: "Fragen zum Integrationsamt? Chat öffnen",
    intro: "Sie schreiben mit einem automatischen digitalen Assistenten, nicht mit einem Menschen. " +
      "Stellen Sie Ihre Frage zu Leistungen des Integrationsamts, zum Kündigungsschutz oder zur " +
      "Ausgleichsabgabe. Der Lotse ersetzt keine Rechtsberatung.",
    introLs: "Fragen Sie zum Integrationsamt. Ich bin ein Computer-Programm. Ich bin kein Mensch. " +
      "Ich bin kein Anwalt.",
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
    human: "Mit einem Menschen schreiben",
    humanSent: "Ich möchte mit einem Menschen schreiben.",
    agentSuffix: " (ein Mensch)",
    waiting: "Sie warten auf die Hotline. Ein Mensch antwortet Ihnen hier.",
    waitingLs: "Bitte warten. Ein Mensch antwortet Ihnen hier.",
    active: "Sie schreiben jetzt mit einem Menschen: ",
    activeLs: "Jetzt schreibt ein Mensch mit Ihnen: ",
    links: "Informationen",
    accessibility: "Barrierefreiheit",
    leichteSpracheInfo: "Infos in Leichter Sprache",
    dgs: "Gebärdensprache (DGS)",
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
    return { sessionId: newSessionId(), messages: [], leichteSprache: config.leichteSprache, lsSent: false,
      handoff: null };
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
  var humanButton = el("button", { type: "button", "class": "lotse-tool lotse-human", text: TEXT.human });
  var closeButton = el("button", { type: "button", "class": "lotse-close", "aria-label": TEXT.close },
    [el("span", { "aria-hidden": "true", text: "×" })]);
  var status = el("p", { "class": "lotse-status", role: "status", "aria-live": "polite" });
  var intro = el("p", { "class": "lotse-intro", id: "lotse-intro" });
  var privacy = el("p", { "class": "lotse-privacy", id: "lotse-privacy" });
  function infoLink(href, label) {
    return el("li", {}, [el("a", { href: href, target: "_blank", rel: "noopener noreferrer", text: label },
      [el("span", { "class": "lotse-sr", text: TEXT.newWindow })])]);
  }
  var infoLinks = el("nav", { "class": "lotse-links", "aria-label": TEXT.links }, [el("ul", {}, [
    infoLink(config.accessibilityUrl, TEXT.accessibility),
    infoLink(config.leichteSpracheUrl, TEXT.leichteSpracheInfo),
    infoLink(config.dgsUrl, TEXT.dgs)])]);
  var handoffNote = el("p", { "class": "lotse-handoff", role: "status", "aria-live": "polite", hidden: true });
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
      el("div", { "class": "lotse-tools" }, [lsButton, humanButton, restartButton]), closeButton]),
    status,
    handoffNote,
    el("div", { "class": "lotse-scroll" }, [intro, privacy, log, typing]),
    form,
    infoLinks,
  ]);
  var root = el("div", { "class": "lotse-root", lang: "de" }, [launcher, panel]);
  document.body.appendChild(root);

  function renderNotices() {
    intro.textContent = state.leichteSprache ? TEXT.introLs : TEXT.intro;
    privacy.textContent = state.leichteSprache ? TEXT.privacyLs : TEXT.privacy;
    lsButton.setAttribute("aria-pressed", state.leichteSprache ? "true" : "false");
    renderHandoff();
  }

  // A person of the hotline has (or will take) the conversation: say so, visibly (AI Act Art. 50).
  function renderHandoff() {
    var h = state.handoff;
    if (h && h.status === "waiting") {
      handoffNote.textContent = state.leichteSprache ? TEXT.waitingLs : TEXT.waiting;
    } else if (h && h.status === "active") {
      handoffNote.textContent = (state.leichteSprache ? TEXT.activeLs : TEXT.active) + (h.agent || "");
    } else {
      handoffNote.textContent = "";
    }
    handoffNote.hidden = !handoffNote.textContent;
    humanButton.hidden = !!(h && h.status !== "bot");
    root.classList.toggle("lotse-with-person", !!(h && h.status === "active"));
  }

  function scrollToEnd() {
    var scroller = panel.querySelector(".lotse-scroll");
    scroller.scrollTop = scroller.scrollHeight;
  }

  function renderMessage(msg, index) {
    var bubble;
    if (msg.from === "agent") {
      // written by a person: a visible name line, not only a colour
      bubble = el("div", { "class": "lotse-msg lotse-agent" }, [
        el("span", { "class": "lotse-agent-name", text: String(msg.agent || "") + TEXT.agentSuffix + ":" })]);
      bubble.appendChild(document.createElement("br"));
    } else {
      bubble = el("div", { "class": "lotse-msg lotse-" + msg.from }, [
        el("span", { "class": "lotse-sr", text: msg.from === "user" ? TEXT.you : TEXT.bot })]);
    }
    var body = el("span", { "class": "lotse-text" });
    if (msg.from === "bot" || msg.from === "agent") appendRichText(body, msg.text || "");
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
    // while a person has the conversation the assistant does not answer: no typing indicator
    typing.hidden = !!(state.handoff && state.handoff.status !== "bot");
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
    if (typeof data.lotse_ts === "number") {
      if (data.lotse_ts <= (state.hotlineTs || 0)) return; // already shown (caught up after reconnect)
      state.hotlineTs = data.lotse_ts;
    }
    if (typeof data.lotse_agent === "string" && data.lotse_agent) {
      addMessage({ from: "agent", agent: data.lotse_agent, text: text });
      return;
    }
    addMessage({ from: "bot", text: text, buttons: buttons });
  }

  function onHandoff(data) {
    if (!data || typeof data !== "object" || typeof data.status !== "string") return;
    // messages of the hotline this widget missed while it was disconnected, in order
    (Array.isArray(data.messages) ? data.messages : []).forEach(function (m) {
      if (m && typeof m.text === "string" && typeof m.ts === "number") {
        onBotMessage({ text: m.text, lotse_agent: m.agent || "", lotse_ts: m.ts });
      }
    });
    var before = state.handoff ? state.handoff.status : "bot";
    state.handoff = data.status === "bot" ? null : { status: data.status, agent: String(data.agent || "") };
    if (state.handoff) typing.hidden = true;
    saveState();
    if (before !== data.status) renderHandoff();
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
    s.on("lotse_handoff", function (data) {
      if (current()) onHandoff(data);
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
      lsSent: false, handoff: null };
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
  humanButton.addEventListener("click", function () {
    send("/human_handoff", TEXT.humanSent);
    input.focus();
  });
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
