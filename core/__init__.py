"""Shared types, settings and text helpers that every layer of policy-qa speaks."""
