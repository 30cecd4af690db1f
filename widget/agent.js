/*
 * Agent-assist page for hotline staff: one question -> one fresh conversation over Rasa's REST
 * channel; shows the answer (legal basis included) and prepares a copyable case note.
 * All bot text is inserted with textContent only.
 */
(function () {
  "use strict";
  var REST = "/webhooks/rest/webhook";
  var form = document.getElementById("ask-form");
  var question = document.getElementById("question");
  var leichte = document.getElementById("leichte-sprache");
  var askButton = document.getElementById("ask-button");
  var askStatus = document.getElementById("ask-status");
  var answer = document.getElementById("answer");
  var answerHeading = document.getElementById("answer-heading");
  var note = document.getElementById("case-note");
  var copyButton = document.getElementById("copy-button");
  var copyStatus = document.getElementById("copy-status");

  function freshSender() {
    var bytes = new Uint8Array(8);
    window.crypto.getRandomValues(bytes);
    return "hotline-" + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function germanDate(d) {
    return two(d.getDate()) + "." + two(d.getMonth() + 1) + "." + d.getFullYear() + ", " +
      two(d.getHours()) + ":" + two(d.getMinutes()) + " Uhr";
  }

  function say(sender, message) {
    return fetch(REST, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender, message: message }),
    }).then(function (resp) {
      if (!resp.ok) throw new Error("HTTP " + resp.status);
      return resp.json();
    });
  }

  function setStatus(node, text, isError) {
    node.textContent = text;
    node.classList.toggle("error", !!isError);
  }

  function textWithBreaks(parent, text) {
    String(text).split("\n").forEach(function (line, i) {
      if (i > 0) parent.appendChild(document.createElement("br"));
      parent.appendChild(document.createTextNode(line));
    });
  }

  // Returns the answer as plain text (for the case note) and renders it.
  function renderAnswer(messages) {
    while (answer.firstChild) answer.removeChild(answer.firstChild);
    var lines = [];
    messages.forEach(function (m) {
      if (m && typeof m.text === "string" && m.text.trim()) {
        var p = document.createElement("p");
        textWithBreaks(p, m.text.trim());
        answer.appendChild(p);
        lines.push(m.text.trim());
      }
      var buttons = (m && m.buttons) || [];
      if (buttons.length) {
        var intro = document.createElement("p");
        intro.textContent = "Auswahl im Chat:";
        var list = document.createElement("ul");
        buttons.forEach(function (b) {
          var li = document.createElement("li");
          li.textContent = String(b.title || b.payload || "");
          list.appendChild(li);
        });
        answer.appendChild(intro);
        answer.appendChild(list);
        lines.push("Auswahl im Chat: " + buttons.map(function (b) { return b.title; }).join(" | "));
      }
    });
    if (!lines.length) {
      var empty = document.createElement("p");
      empty.textContent = "Der Assistent hat keine Antwort gegeben. Bitte formulieren Sie die Frage anders.";
      answer.appendChild(empty);
    }
    return lines.join("\n\n");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = question.value.trim();
    if (!text) {
      setStatus(askStatus, "Bitte geben Sie zuerst eine Frage ein.", true);
      question.focus();
      return;
    }
    var sender = freshSender();
    askButton.disabled = true;
    askButton.setAttribute("aria-busy", "true");
    setStatus(askStatus, "Die Antwort wird geladen …", false);
    var first = leichte.checked ? say(sender, "/leichte_sprache_an") : Promise.resolve([]);
    first.then(function () { return say(sender, text); }).then(function (messages) {
      var answerText = renderAnswer(Array.isArray(messages) ? messages : []);
      note.value = [
        "Fallnotiz – Teilhabe-Lotse",
        "Datum: " + germanDate(new Date()),
        "",
        "Frage:",
        text,
        "",
        "Auskunft des Assistenten:",
        answerText,
        "",
        "Hinweis: automatische Auskunft, keine Rechtsberatung. Vor Weitergabe prüfen.",
      ].join("\n");
      setStatus(askStatus, "Die Antwort wird angezeigt.", false);
      setStatus(copyStatus, "", false);
      answerHeading.focus();
    }).catch(function () {
      setStatus(askStatus, "Der Assistent ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.",
        true);
    }).then(function () {
      askButton.disabled = false;
      askButton.removeAttribute("aria-busy");
    });
  });

  function copyFallback() {
    note.focus();
    note.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    return ok ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  copyButton.addEventListener("click", function () {
    if (!note.value.trim()) {
      setStatus(copyStatus, "Die Fallnotiz ist noch leer.", true);
      return;
    }
    var attempt = navigator.clipboard && window.isSecureContext
      ? navigator.clipboard.writeText(note.value).catch(copyFallback)
      : copyFallback();
    attempt.then(function () {
      setStatus(copyStatus, "Die Fallnotiz wurde in die Zwischenablage kopiert.", false);
    }, function () {
      setStatus(copyStatus, "Kopieren ist nicht möglich. Bitte markieren Sie den Text und drücken Sie Strg+C.",
        true);
    });
  });
})();
