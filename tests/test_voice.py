"""German phone channel (channels/twilio_voice_de.py) through Rasa's real webhook route.

Twilio-shaped form requests are posted to /webhooks/twilio_voice_de/webhook of a real Rasa server
(with the repository's credentials.yml); the returned TwiML is parsed and checked for what a caller
would hear. TWILIO_AUTH_TOKEN is set, so every request must carry a valid X-Twilio-Signature.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from conftest import Server, all_text, start_stack, stop_stack
from twilio.request_validator import RequestValidator

from channels.speech import URL_HINT

pytestmark = pytest.mark.server

TOKEN = "voice-test-token"
ROUTE = "/webhooks/twilio_voice_de/webhook"
GERMAN_VOICES = {"Polly.Vicki", "Polly.Marlene", "Polly.Hans", "Polly.Vicki-Neural", "Polly.Daniel-Neural"}


@pytest.fixture(scope="module")
def voice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv, procs = start_stack(tmp_path_factory.mktemp("voice"), extra_env={"TWILIO_AUTH_TOKEN": TOKEN})
    yield srv
    stop_stack(procs)


def post(srv: Server, form: dict[str, str], query: str = "", signature: str | None = None,
         path: str = ROUTE) -> tuple[int, str]:
    url = srv.url + path + (f"?{query}" if query else "")
    if signature is None:
        signature = RequestValidator(TOKEN).compute_signature(url, form)
    req = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def call(call_sid: str, speech: str | None = None, status: str = "in-progress") -> dict[str, str]:
    form = {"CallSid": call_sid, "AccountSid": "AC" + "0" * 32, "From": "+4922112345678",
            "To": "+4922198765432", "CallStatus": status, "Direction": "inbound", "ApiVersion": "2010-04-01"}
    if speech is not None:
        form.update({"SpeechResult": speech, "Confidence": "0.92"})
    return form


def new_call() -> str:
    return "CA" + uuid.uuid4().hex


def twiml(body: str) -> ET.Element:
    root = ET.fromstring(body)
    assert root.tag == "Response"
    return root


def gather_says(root: ET.Element) -> tuple[ET.Element, list[ET.Element]]:
    gather = root.find("Gather")
    assert gather is not None, ET.tostring(root)
    return gather, gather.findall("Say")


def spoken(root: ET.Element) -> str:
    return " ".join((say.text or "") for say in root.iter("Say"))


def ask(srv: Server, call_sid: str, speech: str | None, **kw: str) -> ET.Element:
    status, body = post(srv, call(call_sid, speech, **kw))
    assert status == 200, body
    return twiml(body)


def test_first_call_greets_in_german(voice: Server) -> None:
    root = ask(voice, new_call(), None, status="ringing")
    gather, says = gather_says(root)
    assert gather.get("input") == "speech" and gather.get("language") == "de-DE"
    assert gather.get("action") == ROUTE and gather.get("actionOnEmptyResult") == "true"
    assert says and all(s.get("voice") in GERMAN_VOICES and s.get("language") == "de-DE" for s in says)
    text = spoken(root)
    assert "Guten Tag" in text and "Teilhabe-Lotse" in text
    assert "Sagen Sie zum Beispiel:" in text and ", oder: " in text  # the role buttons as choices


def test_levy_question_by_voice_speaks_euro(voice: Server) -> None:
    sid = new_call()
    ask(voice, sid, None, status="ringing")
    text = spoken(ask(voice, sid, "Wir haben 60 Arbeitsplätze und keinen schwerbehinderten "
                                  "Beschäftigten. Wie viel Ausgleichsabgabe zahlen wir?"))
    assert "29340 Euro" in text
    assert "€" not in text and "29.340" not in text


def test_legal_basis_is_spoken_as_words(voice: Server) -> None:
    text = spoken(ask(voice, new_call(), "Mein Chef will mir kündigen, ich bin schwerbehindert. "
                                         "Darf er das ohne Weiteres?"))
    assert "Zustimmung" in text
    assert "Paragraf 168 Sozialgesetzbuch neun" in text
    assert "§" not in text and "SGB" not in text and "Abs." not in text


def test_links_are_not_read_out(voice: Server) -> None:
    question = "Welches Integrationsamt ist für Bochum zuständig?"
    chat = all_text(voice.say(f"rest-{uuid.uuid4().hex[:8]}", question))
    assert "http" in chat  # the chat answer has a link ...
    text = spoken(ask(voice, new_call(), question))
    assert "Westfalen-Lippe" in text
    assert "http" not in text and "www." not in text  # ... the spoken one does not
    assert URL_HINT in text


def test_silence_repeats_then_hangs_up(voice: Server) -> None:
    sid = new_call()
    greeting = spoken(ask(voice, sid, None, status="ringing"))
    status, body = post(voice, call(sid, ""))
    assert status == 200
    root = twiml(body)
    gather, _ = gather_says(root)
    assert gather.get("action") == ROUTE + "?silence=1"
    assert spoken(root).startswith("Ich habe Sie leider nicht gehört.") and greeting in spoken(root)
    status, body = post(voice, call(sid, ""), query="silence=1")
    root = twiml(body)
    assert root.find("Hangup") is not None and root.find("Gather") is None
    assert "Auf Wiederhören" in spoken(root)


def test_wrong_or_missing_signature_is_rejected(voice: Server) -> None:
    form = call(new_call(), "Hallo")
    assert post(voice, form, signature="AAAAAAAAAAAAAAAAAAAAAAAAAAA=")[0] == 403
    assert post(voice, form, signature="")[0] == 403
    wrong_key = RequestValidator("another-token").compute_signature(voice.url + ROUTE, form)
    assert post(voice, form, signature=wrong_key)[0] == 403
    tampered = RequestValidator(TOKEN).compute_signature(voice.url + ROUTE, {**form, "SpeechResult": "x"})
    assert post(voice, form, signature=tampered)[0] == 403
    assert post(voice, {"AccountSid": "AC1"}, signature=None)[0] == 400  # signed, no caller
    assert "Guten Tag" in spoken(ask(voice, new_call(), None, status="ringing"))  # still serving
