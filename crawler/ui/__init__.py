"""Ways to look at the archive without SQL: a plot, and Datasette in a browser."""
