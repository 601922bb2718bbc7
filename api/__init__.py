"""The shells: the HTTP API (app.py) and the command line (cli.py). No logic of their own."""
