"""``python -m crawler`` is ``fanwen``."""

from crawler.cli import main

# Guarded: the pipeline's child processes (crawler.offload, started with
# "spawn") import the parent's main module, and must not run the CLI again.
if __name__ == "__main__":
    main()
