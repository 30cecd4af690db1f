"""Custom Rasa input channels of the Teilhabe-Lotse (registered in credentials.yml)."""
