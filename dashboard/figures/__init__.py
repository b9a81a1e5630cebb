"""Pure figure functions: tidy frame in, ``go.Figure`` out (no Dash, no database)."""
