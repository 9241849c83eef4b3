"""The fact layer: each figure a report states tied to its indicator, kind, period and place."""
