"""Custom actions (rasa-sdk): thin glue between Rasa and the pure domain package `lotse`.

One module per capability; all facts come from the knowledge base via `lotse`.
"""
