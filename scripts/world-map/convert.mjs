// Converts Natural Earth 1:110m country outlines, as redistributed by the npm package
// world-atlas@2.0.2 (TopoJSON; Natural Earth is public domain, world-atlas is ISC, © Michael
// Bostock), into src/model/world-110m.tsv: ISO 3166-1 alpha-3, name, and an SVG path in an
// equirectangular projection (960 wide, latitudes 84°N to 60°S; Antarctica left out).
// Run once, by hand: bash scripts/world-map/convert.sh. The output is committed.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/');
const topojson = require('topojson-client');
const countries = require('i18n-iso-countries');

const [input, output] = process.argv.slice(2);
const topo = JSON.parse(readFileSync(input, 'utf8'));
const features = topojson.feature(topo, topo.objects.countries).features;
const W = 960, LON = W / 360, TOP = 84, BOTTOM = -60;
const x = (lon) => ((lon + 180) * LON).toFixed(1);
const y = (lat) => ((TOP - Math.max(BOTTOM, Math.min(TOP, lat))) * LON).toFixed(1);
// A ring crossing the antimeridian (Russia, Fiji) is drawn continuous, past the right edge
// (the map clips it), rather than with a stroke across the whole world.
const ring = (r) => {
  const crosses = r.some(([lon], i) => i > 0 && Math.abs(lon - r[i - 1][0]) > 180);
  const pts = crosses ? r.map(([lon, lat]) => [lon < 0 ? lon + 360 : lon, lat]) : r;
  return 'M' + pts.map(([lon, lat]) => `${x(lon)},${y(lat)}`).join('L') + 'Z';
};
const rows = [];
for (const f of features) {
  // Kosovo has no ISO numeric code in Natural Earth; the EU authority uses XKX.
  const alpha3 = f.properties.name === 'Kosovo' ? 'XKX' : countries.numericToAlpha3(f.id);
  if (!alpha3 || alpha3 === 'ATA') continue;
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const d = polys.map((p) => p.map(ring).join('')).join('');
  rows.push(`${alpha3}\t${f.properties.name}\t${d}`);
}
rows.sort();
const header = [
  '# Natural Earth 1:110m Admin 0 countries (public domain), from the npm package world-atlas@2.0.2',
  '# (ISC licence, (c) 2013-2019 Michael Bostock), converted by scripts/world-map/convert.mjs:',
  '# alpha3<TAB>name<TAB>SVG path, equirectangular, 960 x 384 (84N to 60S).',
];
writeFileSync(output, header.concat(rows).join('\n') + '\n');
console.log(`${rows.length} countries written to ${output}`);
