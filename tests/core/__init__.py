"""Tests for core/."""
