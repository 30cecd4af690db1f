"""Rasa-side extensions of the Teilhabe-Lotse (loaded by Rasa from credentials.yml/endpoints.yml).

- `channels`: REST and socket.io input channels that reject oversized or malformed input.
- `tracker_store`: SQL tracker store that redacts personal data and fails fast with a clear error.
- `action_fallback`: polite message with a way to reach a person when the action server fails.

Rasa 3.6 has no configuration hook for a failed custom action (the processor only logs it), so the
fallback wraps `RemoteAction.run`. `channels` and `tracker_store` install it when Rasa imports them,
i.e. whenever one of them is configured. `settings` stays free of Rasa imports (fast CLI tools).
"""
