#!/usr/bin/env python3
"""The sample of blind set 15: `sample_attribution_later.main(15)` (seed and exclusions there)."""
from sample_attribution_later import main

if __name__ == "__main__":
    main(15)
