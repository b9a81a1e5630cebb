"""The floors of the benchmark: an empty Dash callback and static chart pages.

Served by the same kind of server as the dashboard in the same benchmark run, so the
ratio says what the dashboard's own work costs on top of Dash and HTTP. With a
folder as second argument it also serves that folder's files under ``/floor-files/``
(``bench/first_view.py``: a static page with the plotly bundle and a figure's JSON).
"""

import sys

import flask
from dash import Dash, Input, Output, html

app = Dash(__name__)
app.layout = html.Div([html.Button("x", id="floor-in"), html.Div(id="floor-out")])


@app.callback(Output("floor-out", "children"), Input("floor-in", "n_clicks"))
def echo(n_clicks):
    return n_clicks


if __name__ == "__main__":
    if len(sys.argv) > 2:
        folder = sys.argv[2]

        @app.server.route("/floor-files/<path:name>")
        def floor_file(name):
            return flask.send_from_directory(folder, name)

    app.run(host="127.0.0.1", port=int(sys.argv[1]), debug=False)
