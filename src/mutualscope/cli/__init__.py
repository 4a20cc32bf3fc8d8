"""Click commands, one module per noun: argument plumbing, then one service call."""
