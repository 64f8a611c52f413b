// Cross-checks the in-house HDR histogram (engine/LowLatencyCascade.Engine/Latency) against an independent
// implementation, hdr-histogram-js 3.0.1 (a port of HdrHistogram).
//
//   node crosscheck.mjs --generate   rewrite the two JSON files under tests/LowLatencyCascade.Tests/TestData/hdr/
//   node crosscheck.mjs --check      regenerate both in memory; exit 1 if they differ from the committed files
//
// reference-vectors.json: for fixed input sets (regenerated value for value by the C# tests from the same
//   seeded PRNG, mulberry32, and the same integer-only generators below), what hdr-histogram-js computes:
//   layout, equivalent-value probes, percentiles, min, max, mean, standard deviation, total count, the .hgrm
//   text of outputPercentileDistribution, and the compressed V2 encoding (HISTF... base64).
// decoded-by-js.json: what hdr-histogram-js's HistogramLogReader decodes from project-written.hlog, a log
//   written by this project's HistogramLogWriter (see HistogramCrossCheckTests in the C# tests).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const hdr = require("hdr-histogram-js");

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, "..", "..", "tests", "LowLatencyCascade.Tests", "TestData", "hdr");
const vectorsPath = join(dataDir, "reference-vectors.json");
const hlogPath = join(dataDir, "project-written.hlog");
const decodedPath = join(dataDir, "decoded-by-js.json");

const PERCENTILES = [0, 0.001, 1, 10, 25, 33.3333, 50, 66.6667, 75, 90, 95, 99, 99.5, 99.9, 99.99, 99.999, 100];

// Each set: histogram layout, how its values are generated, how they are recorded, which .hgrm variants to print.
const SETS = [
  { name: "uniform-3d", lowest: 1, highest: 3_600_000_000, digits: 3,
    generator: { kind: "uniform", seed: 1, count: 20000, min: 0, max: 1_000_000 } },
  { name: "logspread-1d", lowest: 1, highest: 1_000_000_000_000, digits: 1,
    generator: { kind: "logspread", seed: 2, count: 5000, maxShift: 28 } },
  { name: "logspread-2d", lowest: 1, highest: 1_000_000_000_000, digits: 2,
    generator: { kind: "logspread", seed: 3, count: 5000, maxShift: 28 } },
  { name: "logspread-3d", lowest: 1, highest: 3_600_000_000_000, digits: 3,
    generator: { kind: "logspread", seed: 4, count: 20000, maxShift: 30 },
    hgrm: [{ ticks: 5, ratio: 1 }, { ticks: 5, ratio: 1000 }, { ticks: 3, ratio: 1 }] },
  { name: "logspread-4d", lowest: 1, highest: 10_000_000_000, digits: 4,
    generator: { kind: "logspread", seed: 5, count: 10000, maxShift: 22 } },
  { name: "logspread-5d", lowest: 1, highest: 8_589_934_592, digits: 5,
    generator: { kind: "logspread", seed: 6, count: 10000, maxShift: 22 } },
  { name: "coarse-unit-3d", lowest: 1000, highest: 3_600_000_000_000, digits: 3,
    generator: { kind: "logspread", seed: 7, count: 10000, maxShift: 30 } },
  { name: "coarse-unit-2d", lowest: 2048, highest: 1_000_000_000, digits: 2,
    generator: { kind: "uniform", seed: 8, count: 10000, min: 0, max: 50_000_000 } },
  { name: "stalls-expected-interval-3d", lowest: 1, highest: 3_600_000_000, digits: 3,
    generator: { kind: "stalls", seed: 9, count: 5000 }, expectedInterval: 1000,
    hgrm: [{ ticks: 5, ratio: 1 }, { ticks: 10, ratio: 1000 }] },
  { name: "weighted-3d", lowest: 1, highest: 3_600_000_000, digits: 3,
    generator: { kind: "weighted", seed: 10, count: 3000, min: 0, max: 100_000 } },
  { name: "tiny-layout-2d", lowest: 1, highest: 2, digits: 2,
    generator: { kind: "uniform", seed: 11, count: 3000, min: 0, max: 256 } },
  { name: "zeros-and-ones-3d", lowest: 1, highest: 1000, digits: 3,
    generator: { kind: "uniform", seed: 12, count: 1000, min: 0, max: 2 } },
  { name: "empty-3d", lowest: 1, highest: 3_600_000_000, digits: 3,
    generator: { kind: "uniform", seed: 13, count: 0, min: 0, max: 1 } },
];

// mulberry32: a 32-bit seeded PRNG, mirrored in the C# tests (Mulberry32.cs).
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

// Yields [value, count] pairs; integer arithmetic only, so C# reproduces them exactly.
function* generate(g) {
  const next = mulberry32(g.seed);
  for (let i = 0; i < g.count; i++) {
    switch (g.kind) {
      case "uniform":
        yield [g.min + (next() % (g.max - g.min)), 1];
        break;
      case "logspread": {
        // A mantissa of 1..1024 shifted by 0..maxShift-1 bits, plus random low bits: spread over many buckets.
        const mantissa = (next() % 1024) + 1;
        const shift = next() % g.maxShift;
        const low = next() % 2 ** shift;
        yield [mantissa * 2 ** shift + low, 1];
        break;
      }
      case "stalls": {
        // 100..999 most of the time, a 10_000..99_999 stall one time in a hundred.
        const base = next(), dice = next(), stall = next();
        yield [dice % 100 === 0 ? 10_000 + (stall % 90_000) : 100 + (base % 900), 1];
        break;
      }
      case "weighted": {
        const value = g.min + (next() % (g.max - g.min));
        yield [value, 1 + (next() % 1000)];
        break;
      }
      default:
        throw new Error(`unknown generator ${g.kind}`);
    }
  }
}

function newHistogram(lowest, highest, digits) {
  return hdr.build({ bitBucketSize: 64, autoResize: false, lowestDiscernibleValue: lowest, highestTrackableValue: highest,
    numberOfSignificantValueDigits: digits });
}

// hdr-histogram-js keeps maxValue as (largest value + unitMagnitudeMask) where HdrHistogram (Java) keeps
// (largest value | unitMagnitudeMask) and reports highestEquivalentValue of it (getMaxValue). The JS field then
// feeds its .hgrm footer, its log line max and the end of its encoded counts. Setting it to the reference's
// getMaxValue, computed from the counts, makes all three what HdrHistogram writes; nothing else is touched.
function alignMaxWithReference(h) {
  h.maxValue = h.totalCount === 0 ? 0 : h.getValueAtPercentile(100);
}

function probes(h, s) {
  const candidates = [0, 1, 2, 3, s.lowest, s.lowest + 1, 1023, 1024, 1025, 2047, 2048, 2049, 4095, 4096, 4097,
    999_999, 1_000_000, 123_456_789, s.highest];
  const highestRecordable = h.highestEquivalentValue(h.valueFromIndex(h.countsArrayLength - 1));
  return [...new Set(candidates)].filter((v) => v <= highestRecordable).sort((a, b) => a - b).map((v) => ({
    value: v, countsArrayIndex: h.countsArrayIndex(v), lowestEquivalentValue: h.lowestEquivalentValue(v),
    highestEquivalentValue: h.highestEquivalentValue(v),
  }));
}

function summarize(h) {
  return {
    totalCount: h.totalCount,
    min: h.totalCount === 0 ? 0 : h.getValueAtPercentile(0),
    max: h.maxValue,
    mean: h.mean,
    stdDeviation: h.getStdDeviation(),
    percentiles: PERCENTILES.map((p) => ({ percentile: p, value: h.getValueAtPercentile(p) })),
  };
}

function buildVectors() {
  const sets = SETS.map((s) => {
    const h = newHistogram(s.lowest, s.highest, s.digits);
    for (const [value, count] of generate(s.generator)) {
      if (s.expectedInterval) h.recordValueWithExpectedInterval(value, s.expectedInterval);
      else if (count !== 1) h.recordValueWithCount(value, count);
      else h.recordValue(value);
    }
    alignMaxWithReference(h);
    const hgrm = (s.hgrm ?? [{ ticks: 5, ratio: 1 }]).map(({ ticks, ratio }) => ({
      ticks, ratio, text: h.outputPercentileDistribution(ticks, ratio),
    }));
    return {
      name: s.name, lowest: s.lowest, highest: s.highest, digits: s.digits, generator: s.generator,
      expectedInterval: s.expectedInterval ?? 0,
      layout: { unitMagnitude: h.unitMagnitude, subBucketCount: h.subBucketCount, bucketCount: h.bucketCount,
        countsArrayLength: h.countsArrayLength },
      probes: probes(h, s),
      ...summarize(h),
      histf: hdr.encodeIntoCompressedBase64(h),
      hgrm,
    };
  });
  return { generatedBy: "hdr-histogram-js 3.0.1 via tools/hdr-crosscheck/crosscheck.mjs", sets };
}

function decodeProjectLog() {
  const reader = new hdr.HistogramLogReader(readFileSync(hlogPath, "utf8"), 64);
  const intervals = [];
  for (let h = reader.nextIntervalHistogram(); h !== null; h = reader.nextIntervalHistogram()) {
    intervals.push({
      tag: h.tag === "NO TAG" ? null : h.tag,
      startTimestampSec: h.startTimeStampMsec / 1000,
      lengthSec: (h.endTimeStampMsec - h.startTimeStampMsec) / 1000,
      lowest: h.lowestDiscernibleValue, highest: h.highestTrackableValue, digits: h.numberOfSignificantValueDigits,
      ...((alignMaxWithReference(h), summarize(h))),
    });
  }
  return { decodedBy: "hdr-histogram-js 3.0.1 HistogramLogReader", log: "project-written.hlog", intervals };
}

const toJson = (o) => JSON.stringify(o, null, 1) + "\n";

// The compressed bytes depend on the zlib build Node links; what matters is what they inflate to.
function sameContent(a, b, path = "") {
  if (typeof a === "string" && typeof b === "string" && path.endsWith(".histf")) {
    const inflated = (s) => inflateSync(Buffer.from(s, "base64").subarray(8));
    return inflated(a).equals(inflated(b)) || (console.error(`differs: ${path}`), false);
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameContent(a[k], b[k], `${path}.${k}`));
  }
  return Object.is(a, b) || (console.error(`differs: ${path}: committed ${JSON.stringify(a)}, now ${JSON.stringify(b)}`), false);
}

const mode = process.argv[2];
if (mode === "--generate") {
  writeFileSync(vectorsPath, toJson(buildVectors()));
  console.log(`wrote ${vectorsPath}`);
  if (existsSync(hlogPath)) {
    writeFileSync(decodedPath, toJson(decodeProjectLog()));
    console.log(`wrote ${decodedPath}`);
  } else {
    console.error(`${hlogPath} is missing: write it with the C# tests (see HistogramCrossCheckTests), then generate again`);
    process.exit(1);
  }
} else if (mode === "--check") {
  const vectorsOk = sameContent(JSON.parse(readFileSync(vectorsPath, "utf8")), buildVectors());
  const decodedOk = sameContent(JSON.parse(readFileSync(decodedPath, "utf8")), decodeProjectLog());
  if (!vectorsOk || !decodedOk) {
    console.error("hdr cross-check: committed vectors differ from what hdr-histogram-js produces now; run node crosscheck.mjs --generate and review");
    process.exit(1);
  }
  console.log("hdr cross-check: reference vectors and decoded log match hdr-histogram-js 3.0.1");
} else {
  console.error("usage: node crosscheck.mjs --generate | --check");
  process.exit(2);
}
