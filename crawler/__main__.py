"""``python -m crawler`` is ``fanwen``; ``run`` is also the ``fanwen`` script's entry point."""

import gc


def run() -> None:
    # Imported here, not at the top: the pipeline's child processes
    # (crawler.offload, "spawn") import the parent's main module, and need
    # none of the command line's modules.
    from crawler.cli import main

    try:
        main()
    finally:
        # The command is done: the interpreter's shutdown collections would
        # walk every object it made, over half a second after a crawl of
        # 2,000 essays. Frozen, they are skipped; finalizers and atexit
        # handlers still run.
        gc.freeze()


if __name__ == "__main__":
    run()
