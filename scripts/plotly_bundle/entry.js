// The trace types the dashboard's figures use (dashboard/figures/*.py):
// scatter (trend), bar (ranking, comparison), heatmap (stapeling), choroplethmap (maps).
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/choroplethmap'),
]);

module.exports = Plotly;
