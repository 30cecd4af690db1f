"""German phone channel for Twilio Voice (`twilio_voice_de`).

Rasa's `twilio_voice` connector neither sets the recognition language nor adapts texts for speech.
This connector gathers German speech (`language="de-DE"`), speaks with a German voice, turns links,
markdown, legal abbreviations and buttons into speakable sentences (`channels.speech`), uses the
CallSid as conversation id (one conversation per call, no phone number as key), validates Twilio's
request signature when an auth token is configured, and hangs up after repeated silence.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.twilio_voice import TwilioVoiceInput
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.twiml.voice_response import Gather, VoiceResponse

from channels import twilio_auth
from channels.choices import last_buttons
from channels.env import setting
from channels.formatting import resolve_choice
from channels.speech import to_speech

logger = logging.getLogger(__name__)

GERMAN_VOICES = ["Polly.Vicki-Neural", "Polly.Daniel-Neural", "Google.de-DE-Standard-A",
                 "Google.de-DE-Standard-B", "Google.de-DE-Wavenet-A", "Google.de-DE-Wavenet-B"]
DEFAULTS = {
    "initial_prompt": "Hallo",
    "assistant_voice": "Polly.Vicki",
    "language": "de-DE",
    "reprompt_fallback_phrase": "Entschuldigung, das habe ich nicht verstanden. "
                                "Bitte sagen Sie es noch einmal.",
    "no_input_phrase": "Ich habe Sie leider nicht gehört.",
    "goodbye_phrase": "Ich habe Sie leider nicht gehört. Rufen Sie gern wieder an. Auf Wiederhören!",
    "hints": "Ausgleichsabgabe, Integrationsamt, Inklusionsamt, Kündigungsschutz, Arbeitsassistenz, "
             "Schwerbehindertenvertretung, Voraussetzungen, Mehr dazu",
    "speech_timeout": "2",
    "speech_model": "default",
    "enhanced": "false",
    "max_silence": "2",
}


class TwilioVoiceDeInput(TwilioVoiceInput):
    """Twilio Voice input channel for German callers."""

    SUPPORTED_VOICES = TwilioVoiceInput.SUPPORTED_VOICES + GERMAN_VOICES

    @classmethod
    def name(cls) -> str:
        return "twilio_voice_de"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        creds = {key: setting(value) for key, value in (credentials or {}).items()}
        options = {key: creds.get(key) or default for key, default in DEFAULTS.items()}
        return cls(options, auth_token=creds.get("auth_token"), webhook_url=creds.get("webhook_url"))

    def __init__(self, options: dict[str, str], auth_token: str | None = None,
                 webhook_url: str | None = None) -> None:
        super().__init__(options["initial_prompt"], options["reprompt_fallback_phrase"],
                         options["assistant_voice"], options["speech_timeout"],
                         options["speech_model"], options["enhanced"])
        self.options = options
        self.auth_token = auth_token
        self.webhook_url = webhook_url

    # ----------------------------------------------------------------------------------- TwiML
    def _say_all(self, target: VoiceResponse | Gather, sentences: list[str]) -> None:
        for sentence in sentences:
            target.say(sentence, voice=self.assistant_voice, language=self.options["language"])

    def build_response(self, sentences: list[str], silence: int = 0) -> VoiceResponse:
        """Speak the sentences inside a German speech <Gather> (callers may interrupt)."""
        twiml = VoiceResponse()
        action = f"/webhooks/{self.name()}/webhook" + (f"?silence={silence}" if silence else "")
        gather = Gather(input="speech", language=self.options["language"], action=action,
                        method="POST", actionOnEmptyResult=True, speechTimeout=self.speech_timeout,
                        speechModel=self.speech_model, hints=self.options["hints"])
        if self.enhanced.lower() == "true":
            gather.set("enhanced", "true")
        self._say_all(gather, sentences or [self.options["reprompt_fallback_phrase"]])
        twiml.append(gather)
        return twiml

    def goodbye(self) -> VoiceResponse:
        twiml = VoiceResponse()
        self._say_all(twiml, [self.options["goodbye_phrase"]])
        twiml.hangup()
        return twiml

    @staticmethod
    def spoken(messages: list[dict[str, Any]]) -> list[str]:
        out: list[str] = []
        for message in messages:
            if message.get("text") or message.get("buttons"):
                out.extend(to_speech(message.get("text") or "", message.get("buttons")))
        return out

    # ------------------------------------------------------------------------------- webhook
    async def _last_bot_turn(self, tracker_store: Any, sender: str) -> tuple[bool, list[str]]:
        """(has the caller spoken before, sentences of the bot's latest turn)."""
        tracker = await tracker_store.retrieve(sender)
        if tracker is None:
            return False, []
        turn: list[dict[str, Any]] = []
        for event in reversed(tracker.events):
            if isinstance(event, UserUttered):
                break
            if isinstance(event, BotUttered):
                turn.insert(0, {"text": event.text, "buttons": event.data.get("buttons")})
        spoke = any(isinstance(e, UserUttered) for e in tracker.events)
        return spoke, self.spoken(turn)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("twilio_voice_de_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not twilio_auth.is_valid(request, self.auth_token, self.webhook_url):
                return response.text("invalid signature", status=403)
            form = request.form or {}
            sender = form.get("CallSid") or form.get("From")
            if not sender:
                return response.text("missing CallSid", status=400)
            store = request.app.ctx.agent.tracker_store
            text = (form.get("SpeechResult") or "").strip()
            if not text:
                spoke, last_turn = await self._last_bot_turn(store, sender)
                if spoke or last_turn:
                    silence = int(request.args.get("silence", "0") or 0) + 1
                    if silence >= int(self.options["max_silence"]):
                        return _twiml(self.goodbye())
                    sentences = [self.options["no_input_phrase"], *last_turn]
                    return _twiml(self.build_response(sentences, silence))
                text = self.initial_prompt  # a new call: greet
            else:
                text = resolve_choice(text, await last_buttons(store, sender)) or text
            collector = CollectingOutputChannel()
            await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                             metadata={"call_sid": form.get("CallSid")}))
            return _twiml(self.build_response(self.spoken(collector.messages)))

        return webhook


def _twiml(twiml: VoiceResponse) -> HTTPResponse:
    return response.text(str(twiml), content_type="text/xml")
