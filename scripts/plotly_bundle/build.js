// Builds assets/vendor/plotly-partial.min.js from entry.js with the settings of
// plotly.js's own esbuild-config.js (its npm package lacks the tasks/ it requires):
//   npm install --no-audit --no-fund   (versions pinned in package.json)
//   node build.js
const path = require('path');
const esbuild = require('esbuild');
const { environmentPlugin } = require('esbuild-plugin-environment');
const { glsl } = require('esbuild-plugin-glsl');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');

const out = path.resolve(__dirname, '../../assets/vendor/plotly-partial.min.js');
esbuild
    .build({
        entryPoints: [path.join(__dirname, 'entry.js')],
        outfile: out,
        format: 'iife',
        globalName: 'Plotly',
        bundle: true,
        minify: true,
        sourcemap: false,
        plugins: [
            InlineCSSPlugin(),
            glsl({ minify: true }),
            environmentPlugin({ NODE_DEBUG: false }),
        ],
        alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
        define: { global: 'window', 'define.amd': 'false' },
        target: 'es2016',
        logLevel: 'warning',
        banner: {
            js:
                '/*! plotly.js v4.1.1 partial bundle: scatter, bar, heatmap, choroplethmap' +
                ' (scripts/plotly_bundle). MIT licence: plotly.LICENSE; includes' +
                ' maplibre-gl 6.9.0, BSD-3-Clause: maplibre-gl.LICENSE */',
        },
    })
    .then(() => console.log('wrote', out));
