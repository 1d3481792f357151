#!/usr/bin/env python3
"""The sample of blind set 16: `sample_attribution_later.main(16)` (seed and exclusions there)."""
from sample_attribution_later import main

if __name__ == "__main__":
    main(16)
