"""Ingestion: files in, cleaned and outlined chunks with vectors out, into the store."""
