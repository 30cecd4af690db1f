"""Twilio webhook signature check (X-Twilio-Signature), shared by the voice and WhatsApp channels.

Rasa's Twilio connectors accept any POST. Twilio signs each request with the account's auth token
over the public webhook URL plus the sorted form parameters; behind a proxy the URL Rasa sees
differs from the one Twilio called, so the public URL can be configured.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl

from sanic.request import Request
from twilio.request_validator import RequestValidator

logger = logging.getLogger(__name__)


def public_url(request: Request, configured: str | None) -> str:
    """The URL Twilio called: the configured public webhook URL, else the URL of the request."""
    if configured:
        query = request.query_string
        return configured + (f"?{query}" if query and "?" not in configured else "")
    return request.url


def form_params(request: Request) -> dict[str, str]:
    """All form fields, including empty ones (Sanic's `request.form` drops those, Twilio signs them)."""
    if "application/x-www-form-urlencoded" not in (request.content_type or ""):
        return {}
    try:
        return dict(parse_qsl((request.body or b"").decode(), keep_blank_values=True))
    except (UnicodeDecodeError, ValueError):
        return {}


def is_valid(request: Request, auth_token: str | None, configured_url: str | None = None) -> bool:
    """True when no auth token is configured (validation off) or the signature matches."""
    if not auth_token:
        return True
    signature = request.headers.get("X-Twilio-Signature", "")
    params = form_params(request)
    valid = bool(signature) and RequestValidator(auth_token).validate(
        public_url(request, configured_url), params, signature)
    if not valid:
        logger.warning("Twilio-Anfrage mit ungültiger Signatur abgewiesen (%s).", request.path)
    return valid
