"""Privacy: redaction of personal data before storage, retention and deletion of conversations."""
