"""Renderers: from the validated model to pages (Markdown for MkDocs) and other outputs."""
