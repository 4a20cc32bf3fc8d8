"""How long the command line takes to start, for the harness: see :mod:`bench.startup`
(issue 18), which measures ``--help``, every command's ``--help`` and read commands on
the demo project as whole processes, with their CPU time and peak memory."""

from __future__ import annotations

from bench.startup import run

__all__ = ["run"]
