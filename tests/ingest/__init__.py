"""Tests for ingest/."""
