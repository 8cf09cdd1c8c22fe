"""Ways to run shards other than local worker processes."""
