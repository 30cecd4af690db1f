"""Teilhabe-Lotse: pure-Python domain logic (no Rasa imports)."""
