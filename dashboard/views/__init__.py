"""View models: what a page shows, computed from the query service without Dash.

Why: the same question (which lines does a trend draw, how is a map fitted and
classed, which comparisons make sense for a count) must get one answer on every page,
in the gebied brief, in the exports and on the command line. Each module here returns
plain dataclasses; pages and ``components/cards.py`` only lay them out, and
``exports/charts.py`` draws the same figures from them.

- ``maps``: the map frame (values, geometry URL, outline, extent, classes)
- ``trends``: the lines of a trend chart and why any is missing
- ``rankings``: a ranking of gebieden, gemeenten or wijken
- ``key_figures``: the key figures of one period (gebied, gemeente, rest, NL)
- ``domein``: the Domein page's view state and content
- ``gebied``: the gebied page's (and brief's) map and trend choices
- ``policy``: which comparisons make sense for an indicator (written once)
- ``sources``: the "Bron: ..." lines under every chart
"""
