"""The importers' fuzzing harness: every bad file answered in one line, in bounded time
and memory, and the project left as it was."""
