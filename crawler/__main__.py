"""``python -m crawler`` is ``fanwen``; ``run`` is also the ``fanwen`` script's entry point."""


def run() -> None:
    # Imported here, not at the top: the pipeline's child processes
    # (crawler.offload, "spawn") import the parent's main module, and need
    # none of the command line's modules.
    from crawler.cli import main

    main()


if __name__ == "__main__":
    run()
