"""The housekeepers' own organisation: applying to serve a grid, the grid leader's page and
messages to the grid's housekeepers, and the dispatchers' screen of applications."""
