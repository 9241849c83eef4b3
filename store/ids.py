"""Ids of what the store holds: a document's content version, its chunks and their sentences."""

from __future__ import annotations

import hashlib


def content_hash(text: str) -> str:
    """sha256 of a document's cleaned text: its identity for idempotent ingest and duplicates."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chunk_id(doc_id: str, content_hash: str, index: int) -> str:
    """Stable id from the document, the exact content version and the position: re-ingesting the same
    content gives the same ids, and a new version never overwrites the chunks of the old one."""
    return f"{doc_id}:{content_hash[:12]}:{index:05d}"


def sentence_id(chunk_id: str, n: int) -> str:
    """A sentence vector's id: its chunk's, then the sentence's number within the document."""
    return f"{chunk_id}:{n:03d}"


def id_version(row_id: str, sentence: bool = False) -> tuple[str, str]:
    """The document and content version a chunk id (or a sentence id) belongs to, read off the id:
    both begin with doc_id:version (a doc_id may itself hold colons, so it is cut from the right)."""
    doc_id, version, *_ = row_id.rsplit(":", 3 if sentence else 2)
    return doc_id, version
