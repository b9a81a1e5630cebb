"""The floor for callback timings: a Dash app with one empty callback.

Served by the same kind of server as the dashboard in the same benchmark run, so the
ratio says what the dashboard's own work costs on top of Dash and HTTP.
"""

import sys

from dash import Dash, Input, Output, html

app = Dash(__name__)
app.layout = html.Div([html.Button("x", id="floor-in"), html.Div(id="floor-out")])


@app.callback(Output("floor-out", "children"), Input("floor-in", "n_clicks"))
def echo(n_clicks):
    return n_clicks


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]), debug=False)
