// Validates a Turtle file against shapes with shacl-engine and prints one JSON line: the time
// of validation alone (parse excluded), for each of RUNS runs. With MODE `sparql` (default) its
// SPARQL plugin checks our one SPARQL-based constraint as well; with `core`, SHACL Core only.
//   node shacl_engine_validate.mjs DATA.ttl SHAPES.ttl RUNS [sparql|core]
import fs from 'node:fs'
import N3 from 'n3'
import rdf from 'rdf-ext'
import { Validator } from 'shacl-engine'
import { targetResolvers, validations } from 'shacl-engine/sparql.js'

const [dataPath, shapesPath, runsArg] = process.argv.slice(2)
const runs = Number(runsArg || 3)
const mode = process.argv[5] || 'sparql'
const parse = (path) => rdf.dataset(new N3.Parser().parse(fs.readFileSync(path, 'utf8')))
const data = parse(dataPath)
const shapes = parse(shapesPath)
const partnership = 'https://w3id.org/atlas-lod/ontology#Partnership'
const records = [...data.match(null, rdf.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), rdf.namedNode(partnership))].length
const plugins = mode === 'core' ? {} : { targetResolvers, validations }
const validator = new Validator(shapes, { factory: rdf, ...plugins })
const times = []
let report
for (let i = 0; i < runs; i++) {
  const start = process.hrtime.bigint()
  report = await validator.validate({ dataset: data })
  times.push(Number(process.hrtime.bigint() - start) / 1e9)
}
const sh = 'http://www.w3.org/ns/shacl#'
const violations = report.results.filter(r => r.severity && r.severity.value === sh + 'Violation').length
const pkg = JSON.parse(fs.readFileSync(new URL('./node_modules/shacl-engine/package.json', 'file://' + process.cwd() + '/'), 'utf8'))
console.log(JSON.stringify({
  tool: 'shacl-engine ' + pkg.version + (mode === 'core' ? ' (SHACL Core only)' : ' (with SPARQL)'),
  records,
  triples: data.size,
  times,
  conforms: report.conforms,
  violations,
  warnings: report.results.length - violations
}))
