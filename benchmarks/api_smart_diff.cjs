// Baseline for benchmarks/bench_diff.py: api-smart-diff's apiDiff on two spec files.
// Usage: node benchmarks/api_smart_diff.cjs OLD.json NEW.json  -> one JSON line of timings.
const fs = require("fs");
const { apiDiff } = require("api-smart-diff");

const start = process.hrtime.bigint();
const [before, after] = process.argv.slice(2, 4).map((path) => JSON.parse(fs.readFileSync(path, "utf8")));
const parsed = process.hrtime.bigint();
const diffs = apiDiff(before, after);
const done = process.hrtime.bigint();
const seconds = (from, to) => Number(to - from) / 1e9;
console.log(JSON.stringify({
  parse: seconds(start, parsed),
  diff: seconds(parsed, done),
  total: seconds(start, done),
  changes: diffs.length,
  breaking: diffs.filter((d) => d.type === "breaking").length,
  peak_rss_mb: process.resourceUsage().maxRSS / 1024,
}));
