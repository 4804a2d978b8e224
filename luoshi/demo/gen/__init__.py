"""Scale data generator behind `luoshi gen-data` (see generate.py)."""

from luoshi.demo.gen.generate import Summary, fingerprint, generate, generated_scales

__all__ = ["Summary", "fingerprint", "generate", "generated_scales"]
