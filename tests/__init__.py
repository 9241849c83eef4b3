"""Tests for policy-qa; the tree mirrors the source tree."""
