"""``python -m mutualscope``: the same command as ``mutualscope``."""

from mutualscope.cli.main import main

if __name__ == "__main__":
    main(prog_name="mutualscope")
