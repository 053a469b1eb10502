#!/usr/bin/env node
// Load generator for EmoteCare's live session hub (docs/benchmarks.md, "Live sessions under load").
//
//   node bench/load/load.mjs --url http://127.0.0.1:8080 --admin-email ops@example.org --admin-password '...' \
//        --frames /tmp/frames --pairs 150 --seconds 60 [--pid SERVER_PID] [--fps 2] [--warmup 10]
//
// Every option also reads from the environment: EMOTECARE_URL, EMOTECARE_ADMIN_EMAIL, EMOTECARE_ADMIN_PASSWORD,
// LOAD_FRAMES, LOAD_PAIRS, LOAD_SECONDS, LOAD_PID, LOAD_FPS, LOAD_WARMUP.
//
// Through the REST API it seeds N therapist/patient pairs (the admin creates the accounts and assigns each patient; the
// therapist books and starts a session; the patient grants consent), then connects two SignalR clients per pair over
// WebSockets. Each patient streams the synthetic webcam JPEGs (bench Bench: write-frames) at --fps; each therapist
// watches. It measures frame-to-therapist latency (arrival of the first insight whose latest.at is a frame's capture
// time, minus that capture time; one machine, one clock), throughput, frame outcomes, errors, and samples the server's
// CPU and RSS from /proc/PID once a second. Progress goes to standard error; the last line on standard output is a JSON
// summary.
//
// The server must allow 2N + 1 sign-ins from one address (RateLimits__SignIn__PermitLimit; bench/load/run.sh sets it);
// answers 429 are retried after Retry-After.

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import * as signalR from "@microsoft/signalr";

// ---------------------------------------------------------------------------------------------------------------------
// Options

function parseOptions(argv) {
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      throw new Error(`unexpected argument ${arg}`);
    }
    const eq = arg.indexOf("=");
    if (eq > 0) {
      flags[arg.slice(2, eq)] = arg.slice(eq + 1);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
      flags[arg.slice(2)] = argv[++i];
    } else {
      flags[arg.slice(2)] = "true";
    }
  }
  const env = process.env;
  const pick = (flag, variable, fallback) => flags[flag] ?? env[variable] ?? fallback;
  const number = (flag, variable, fallback) => {
    const value = Number(pick(flag, variable, fallback));
    if (!Number.isFinite(value)) {
      throw new Error(`--${flag} must be a number`);
    }
    return value;
  };
  const options = {
    url: pick("url", "EMOTECARE_URL", "http://127.0.0.1:8080").replace(/\/+$/, ""),
    adminEmail: pick("admin-email", "EMOTECARE_ADMIN_EMAIL", undefined),
    adminPassword: pick("admin-password", "EMOTECARE_ADMIN_PASSWORD", undefined),
    frames: pick("frames", "LOAD_FRAMES", undefined),
    pairs: number("pairs", "LOAD_PAIRS", 10),
    seconds: number("seconds", "LOAD_SECONDS", 30),
    warmup: number("warmup", "LOAD_WARMUP", 10),
    fps: number("fps", "LOAD_FPS", 2),
    pid: pick("pid", "LOAD_PID", undefined),
    drain: number("drain", "LOAD_DRAIN", 3),
    setupConcurrency: number("setup-concurrency", "LOAD_SETUP_CONCURRENCY", 4),
    endSessions: pick("end-sessions", "LOAD_END_SESSIONS", "true") !== "false",
    quiet: pick("quiet", "LOAD_QUIET", "false") === "true",
  };
  for (const [name, value] of [["admin-email", options.adminEmail], ["admin-password", options.adminPassword], ["frames", options.frames]]) {
    if (!value) {
      throw new Error(`--${name} is required (see the header of load.mjs)`);
    }
  }
  if (options.pairs < 1 || options.seconds <= 0 || options.fps <= 0 || options.warmup < 0) {
    throw new Error("--pairs must be at least 1, --seconds and --fps above 0, --warmup at least 0");
  }
  options.pid = options.pid ? Number(options.pid) : undefined;
  return options;
}

const options = parseOptions(process.argv.slice(2));
const log = (message) => {
  if (!options.quiet) {
    process.stderr.write(`[load ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
  }
};

// ---------------------------------------------------------------------------------------------------------------------
// Counters

const errors = { setup: 0, connection: 0, invoke: 0, closed: 0, messages: new Map() };
function recordError(kind, error) {
  errors[kind]++;
  const message = `${kind}: ${error?.message ?? String(error)}`.slice(0, 300);
  errors.messages.set(message, (errors.messages.get(message) ?? 0) + 1);
}

const percentile = (sorted, p) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]);
const round = (value, digits = 1) => (value === null || value === undefined || Number.isNaN(value) ? null : Number(value.toFixed(digits)));
function distribution(values) {
  const sorted = Float64Array.from(values).sort();
  const mean = sorted.length === 0 ? null : sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return {
    count: sorted.length,
    mean: round(mean),
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length === 0 ? null : sorted[sorted.length - 1]),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// REST

async function request(method, path, { token, body, expect = [200] } = {}) {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${options.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 429 && attempt < 20) {
      const retryAfter = Number(response.headers.get("retry-after") ?? "1");
      log(`${method} ${path}: 429, retrying in ${retryAfter} s (raise RateLimits__SignIn__PermitLimit on the server to avoid this)`);
      await response.arrayBuffer();
      await sleep(Math.max(1, retryAfter) * 1000);
      continue;
    }
    const text = await response.text();
    if (!expect.includes(response.status)) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    return text ? JSON.parse(text) : undefined;
  }
}

const signIn = async (email, password) => (await request("POST", "/api/auth/token", { body: { email, password } })).accessToken;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function inParallel(count, concurrency, work) {
  let next = 0;
  const results = new Array(count);
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const index = next++;
      results[index] = await work(index);
    }
  }));
  return results;
}

// ---------------------------------------------------------------------------------------------------------------------
// Server sampling from /proc

function clockTicks() {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
}

const ticksPerSecond = clockTicks();
const pageSize = 4096;

function readProcess(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields after the command name start at field 3 (state); utime and stime are fields 14 and 15, rss field 24.
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
    const rssBytes = Number(fields[21]) * pageSize;
    const threads = Number(fields[17]);
    return { cpuSeconds, rssBytes, threads };
  } catch {
    return null;
  }
}

function readMachine() {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = line[3] + (line[4] ?? 0);
  const total = line.reduce((a, b) => a + b, 0);
  return { idle: idle / ticksPerSecond, total: total / ticksPerSecond };
}

class Sampler {
  constructor(pid) {
    this.pid = pid;
    this.samples = [];
    this.timer = undefined;
  }

  start() {
    let previous = this.read();
    this.timer = setInterval(() => {
      const current = this.read();
      const dt = (current.at - previous.at) / 1000;
      this.samples.push({
        at: current.at,
        serverCores: current.server && previous.server ? (current.server.cpuSeconds - previous.server.cpuSeconds) / dt : null,
        serverRssMiB: current.server ? current.server.rssBytes / 1048576 : null,
        serverThreads: current.server?.threads ?? null,
        loadCores: (current.load - previous.load) / dt,
        loadRssMiB: process.memoryUsage.rss() / 1048576,
        machineBusyCores: current.machine.total - previous.machine.total > 0
          ? ((current.machine.total - previous.machine.total) - (current.machine.idle - previous.machine.idle)) / dt
          : null,
      });
      const sample = this.samples[this.samples.length - 1];
      // What the rest of the machine used: other jobs compete for the same cores and show up here.
      sample.otherCores = sample.machineBusyCores !== null && sample.serverCores !== null
        ? Math.max(0, sample.machineBusyCores - sample.serverCores - sample.loadCores)
        : null;
      previous = current;
    }, 1000);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
  }

  read() {
    const usage = process.cpuUsage();
    return {
      at: Date.now(),
      server: this.pid ? readProcess(this.pid) : null,
      load: (usage.user + usage.system) / 1e6,
      machine: readMachine(),
    };
  }

  latest() {
    return this.samples[this.samples.length - 1];
  }

  summarise(from, to) {
    const window = this.samples.filter((s) => s.at > from && s.at <= to + 500);
    const values = (key) => window.map((s) => s[key]).filter((v) => v !== null && v !== undefined);
    const mean = (xs) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
    const max = (xs) => (xs.length === 0 ? null : Math.max(...xs));
    const rss = window.filter((s) => s.serverRssMiB !== null);
    let trend = null;
    if (rss.length >= 4) {
      // Least-squares slope of RSS over time, and the mean of the first and last quarter of the window.
      const xs = rss.map((s) => (s.at - rss[0].at) / 60000);
      const ys = rss.map((s) => s.serverRssMiB);
      const mx = mean(xs);
      const my = mean(ys);
      const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
      const quarter = Math.max(1, Math.floor(rss.length / 4));
      const first = mean(ys.slice(0, quarter));
      const last = mean(ys.slice(-quarter));
      trend = {
        slopeMiBPerMinute: round(slope, 2),
        firstQuarterMiB: round(first),
        lastQuarterMiB: round(last),
        growthPercent: round(((last - first) / first) * 100, 2),
        // No growth: the last quarter of the window at most 5% above the first (GC heaps breathe; a leak keeps climbing).
        flat: last - first <= 0.05 * first,
      };
    }
    return {
      samples: window.length,
      serverCores: { mean: round(mean(values("serverCores")), 2), peak: round(max(values("serverCores")), 2) },
      serverRssMiB: {
        start: round(rss[0]?.serverRssMiB ?? null),
        end: round(rss[rss.length - 1]?.serverRssMiB ?? null),
        peak: round(max(values("serverRssMiB"))),
        trend,
        // RSS at eleven evenly spaced moments of the window, start to end.
        profile: rss.length === 0 ? [] : Array.from({ length: 11 }, (_, i) => round(rss[Math.round((i / 10) * (rss.length - 1))].serverRssMiB, 0)),
      },
      serverThreadsPeak: max(values("serverThreads")),
      loadGeneratorCores: { mean: round(mean(values("loadCores")), 2), peak: round(max(values("loadCores")), 2) },
      loadGeneratorRssMiBPeak: round(max(values("loadRssMiB"))),
      machineBusyCores: { mean: round(mean(values("machineBusyCores")), 2), peak: round(max(values("machineBusyCores")), 2) },
      otherProcessesCores: { mean: round(mean(values("otherCores")), 2), peak: round(max(values("otherCores")), 2) },
    };
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Frames

function loadFrames(folder) {
  const files = readdirSync(folder).filter((f) => f.toLowerCase().endsWith(".jpg")).sort();
  if (files.length === 0) {
    throw new Error(`no .jpg frames in ${folder}: write them with dotnet run -c Release --project bench/Bench -- write-frames ${folder} 600`);
  }
  // The JSON hub protocol carries byte[] as base64; encoding once here keeps the load generator's CPU for the load.
  const jpegs = files.map((f) => readFileSync(join(folder, f)));
  const meanBytes = jpegs.reduce((a, jpeg) => a + jpeg.length, 0) / jpegs.length;
  return { frames: jpegs.map((jpeg) => jpeg.toString("base64")), meanBytes };
}

// ---------------------------------------------------------------------------------------------------------------------
// Main

const loadPractice = {
  specialties: ["anxiety"],
  languages: ["en"],
  timeZone: "UTC",
  weeklyHours: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map((day) => ({ day, start: "00:00", end: "23:59" })),
  leave: [],
  sessionMinutes: 50,
  maxCaseload: 1,
};

async function main() {
  const startedAt = Date.now();
  const { frames, meanBytes } = loadFrames(options.frames);
  const sampler = new Sampler(options.pid);
  if (options.pid && !readProcess(options.pid)) {
    throw new Error(`no process ${options.pid} to sample`);
  }
  sampler.start();
  log(`${options.pairs} pairs against ${options.url}; ${frames.length} frames (mean ${(meanBytes / 1024).toFixed(1)} KiB) at ${options.fps} fps per patient; warm-up ${options.warmup} s, measured ${options.seconds} s`);

  // --- Seed accounts and sessions through the REST API.
  const adminToken = await signIn(options.adminEmail, options.adminPassword);
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  let seeded = 0;
  const pairs = await inParallel(options.pairs, options.setupConcurrency, async (i) => {
    const therapist = await request("POST", "/api/therapists", {
      token: adminToken, expect: [201], body: { email: `load-t${i}-${run}@load.example`, displayName: `Load Therapist ${i}` },
    });
    const patient = await request("POST", "/api/patients", {
      token: adminToken, expect: [201], body: { email: `load-p${i}-${run}@load.example`, pseudonym: `Load Patient ${i}` },
    });
    await request("PUT", `/api/assignments/${patient.id}`, { token: adminToken, body: { therapistId: therapist.id } });
    const therapistToken = await signIn(therapist.email, therapist.initialPassword);
    const patientToken = await signIn(patient.email, patient.initialPassword);
    // Sessions are booked from the therapist's free slots, so each therapist works around the clock; a booked session
    // may start early.
    await request("PUT", `/api/therapists/${therapist.id}/profile`, { token: adminToken, body: loadPractice });
    const now = new Date();
    const range = new URLSearchParams({ from: now.toISOString(), to: new Date(now.getTime() + 2 * 86400e3).toISOString() });
    const slots = await request("GET", `/api/patients/${patient.id}/slots?${range}`, { token: therapistToken });
    const session = await request("POST", `/api/patients/${patient.id}/bookings`, {
      token: therapistToken, expect: [201], body: { start: slots.items[0].start },
    });
    await request("POST", `/api/sessions/${session.id}/start`, { token: therapistToken });
    await request("PUT", `/api/sessions/${session.id}/consent`, { token: patientToken, body: { facialAnalysis: true } });
    if (++seeded % 25 === 0) {
      log(`seeded ${seeded}/${options.pairs} pairs`);
    }
    return {
      index: i,
      sessionId: session.id,
      therapistToken,
      patientToken,
      sent: 0,
      outcomes: {},
      lastAt: 0,
      lastFrames: 0,
      lastDropped: 0,
      framesAtStart: null,
      droppedAtStart: null,
      insights: 0,
      measuredInsights: 0,
      alerts: 0,
      analysisOff: 0,
      inFlight: 0,
      maxInFlight: 0,
    };
  });
  const seededAt = Date.now();
  log(`seeded ${pairs.length} pairs in ${((seededAt - startedAt) / 1000).toFixed(1)} s`);

  // --- Connect: therapists watch, patients join.
  const bySession = new Map(pairs.map((p) => [p.sessionId, p]));
  const latencies = [];
  const latencyTimes = [];
  const ackLatencies = [];
  let measureFrom = Number.POSITIVE_INFINITY;
  let measureTo = Number.POSITIVE_INFINITY;
  let stopping = false;

  const connect = (token) => new signalR.HubConnectionBuilder()
    .withUrl(`${options.url}/hubs/session`, {
      accessTokenFactory: () => token,
      transport: signalR.HttpTransportType.WebSockets,
    })
    .configureLogging(signalR.LogLevel.None)
    .build();

  const connections = [];
  await inParallel(pairs.length, 16, async (i) => {
    const pair = pairs[i];
    const therapist = connect(pair.therapistToken);
    therapist.on("insight", (insight) => {
      const arrived = Date.now();
      const target = bySession.get(insight.sessionId);
      if (!target) {
        return;
      }
      target.insights++;
      target.lastFrames = insight.aggregate?.frames ?? target.lastFrames;
      target.lastDropped = insight.droppedFrames ?? target.lastDropped;
      const at = insight.latest?.at ? Date.parse(insight.latest.at) : NaN;
      // Count each frame once: the first insight carrying its capture time. Later insights about the same frame
      // (forced ones, coalescing flushes) are repeats.
      if (Number.isFinite(at) && at > target.lastAt) {
        target.lastAt = at;
        if (at >= measureFrom && at < measureTo) {
          latencies.push(arrived - at);
          latencyTimes.push(at);
          target.measuredInsights++;
        }
      }
    });
    therapist.on("alert", () => {
      pair.alerts++;
    });
    therapist.onclose((error) => {
      if (!stopping) {
        recordError("closed", error ?? new Error("therapist connection closed"));
      }
    });
    const patient = connect(pair.patientToken);
    patient.on("analysis", (state) => {
      if (!state.active) {
        pair.analysisOff++;
      }
    });
    patient.onclose((error) => {
      if (!stopping) {
        recordError("closed", error ?? new Error("patient connection closed"));
      }
    });
    try {
      await therapist.start();
      connections.push(therapist);
      const snapshot = await therapist.invoke("Watch", pair.sessionId);
      pair.lastFrames = snapshot?.aggregate?.frames ?? 0;
      await patient.start();
      connections.push(patient);
      const join = await patient.invoke("JoinAsPatient", pair.sessionId);
      if (!join?.analysisActive) {
        throw new Error(`session ${pair.sessionId} joined with analysis off`);
      }
      pair.therapist = therapist;
      pair.patient = patient;
    } catch (error) {
      recordError("connection", error);
    }
  });
  const connected = pairs.filter((p) => p.patient && p.therapist);
  const connectedAt = Date.now();
  log(`connected ${connected.length}/${pairs.length} pairs (${connections.length} connections) in ${((connectedAt - seededAt) / 1000).toFixed(1)} s`);

  // --- Stream: each patient at fps, phases spread evenly over one period, each at its own offset into the frames.
  const period = 1000 / options.fps;
  const streamStart = Date.now() + 200;
  const warmupEnd = streamStart + options.warmup * 1000;
  const streamEnd = warmupEnd + options.seconds * 1000;
  measureFrom = warmupEnd;
  measureTo = streamEnd;
  const sendTimes = [];

  function sendLoop(pair, slot) {
    const phase = (slot / connected.length) * period;
    const offset = (pair.index * 37) % frames.length;
    let k = 0;
    const tick = () => {
      const due = streamStart + phase + k * period;
      if (due >= streamEnd || stopping) {
        return;
      }
      const now = Date.now();
      if (due > now) {
        setTimeout(tick, due - now);
        return;
      }
      const sequence = k + 1;
      const frame = frames[(offset + k) % frames.length];
      k++;
      const capturedAt = Date.now();
      const measured = capturedAt >= measureFrom && capturedAt < measureTo;
      if (measured) {
        sendTimes.push(capturedAt - due);
      }
      pair.sent++;
      pair.inFlight++;
      pair.maxInFlight = Math.max(pair.maxInFlight, pair.inFlight);
      if (measured) {
        pair.measuredSent = (pair.measuredSent ?? 0) + 1;
      }
      pair.patient.invoke("SendFrame", pair.sessionId, frame, sequence, capturedAt).then(
        (outcome) => {
          pair.inFlight--;
          pair.outcomes[outcome] = (pair.outcomes[outcome] ?? 0) + 1;
          if (measured) {
            ackLatencies.push(Date.now() - capturedAt);
            pair.measuredOutcomes ??= {};
            pair.measuredOutcomes[outcome] = (pair.measuredOutcomes[outcome] ?? 0) + 1;
          }
        },
        (error) => {
          pair.inFlight--;
          recordError("invoke", error);
        });
      tick();
    };
    setTimeout(tick, Math.max(0, streamStart + phase - Date.now()));
  }

  connected.forEach((pair, slot) => sendLoop(pair, slot));
  const snapshotCounters = setTimeout(() => {
    for (const pair of connected) {
      pair.framesAtStart = pair.lastFrames;
      pair.droppedAtStart = pair.lastDropped;
    }
  }, Math.max(0, warmupEnd - Date.now()));

  // Progress every 10 s.
  let lastProgress = { at: Date.now(), sent: 0, latencies: 0 };
  const progress = setInterval(() => {
    const sent = connected.reduce((a, p) => a + p.sent, 0);
    const now = Date.now();
    const recent = latencies.slice(lastProgress.latencies);
    const d = distribution(recent);
    const sample = sampler.latest();
    log(`${now < warmupEnd ? "warm-up" : "measuring"}: sent ${((sent - lastProgress.sent) / ((now - lastProgress.at) / 1000)).toFixed(0)} frames/s; `
      + `latency of the last 10 s p50 ${d.p50 ?? "-"} ms p99 ${d.p99 ?? "-"} ms (${d.count}); `
      + `server ${sample?.serverCores?.toFixed(2) ?? "-"} cores, ${sample?.serverRssMiB?.toFixed(0) ?? "-"} MiB; load generator ${sample?.loadCores?.toFixed(2) ?? "-"} cores; `
      + `other processes ${sample?.otherCores?.toFixed(2) ?? "-"} cores; errors ${errors.invoke + errors.closed}`);
    lastProgress = { at: now, sent, latencies: latencies.length };
  }, 10000);
  progress.unref();

  await sleep(Math.max(0, streamEnd - Date.now()));
  // Insights for the last frames may still be on their way; frames captured after measureTo are not counted anyway.
  await sleep(options.drain * 1000);
  clearInterval(progress);
  clearTimeout(snapshotCounters);
  sampler.stop();
  const doneAt = Date.now();

  // --- Tear down.
  stopping = true;
  await Promise.all(connections.map((c) => c.stop().catch(() => {})));
  if (options.endSessions) {
    await inParallel(pairs.length, options.setupConcurrency, async (i) => {
      try {
        await request("POST", `/api/sessions/${pairs[i].sessionId}/end`, { token: pairs[i].therapistToken });
      } catch (error) {
        recordError("setup", error);
      }
    });
  }

  // --- Summary.
  const measuredSeconds = (measureTo - measureFrom) / 1000;
  const sum = (f) => connected.reduce((a, p) => a + f(p), 0);
  const outcomes = {};
  const measuredOutcomes = {};
  for (const pair of connected) {
    for (const [k, v] of Object.entries(pair.outcomes)) {
      outcomes[k] = (outcomes[k] ?? 0) + v;
    }
    for (const [k, v] of Object.entries(pair.measuredOutcomes ?? {})) {
      measuredOutcomes[k] = (measuredOutcomes[k] ?? 0) + v;
    }
  }
  const measuredSent = sum((p) => p.measuredSent ?? 0);
  const analysed = sum((p) => (p.framesAtStart === null ? 0 : p.lastFrames - p.framesAtStart));
  const dropped = sum((p) => (p.droppedAtStart === null ? 0 : p.lastDropped - p.droppedAtStart));
  const measuredInsights = sum((p) => p.measuredInsights);
  const latency = distribution(latencies);
  // The same by 10-second slice of capture time: a latency that creeps up over the run shows here.
  const slices = [];
  for (let from = measureFrom; from < measureTo; from += 10000) {
    const picked = latencies.filter((_, i) => latencyTimes[i] >= from && latencyTimes[i] < from + 10000);
    const d = distribution(picked);
    slices.push({ fromSecond: (from - measureFrom) / 1000, count: d.count, p50: d.p50, p99: d.p99, max: d.max });
  }
  const resources = sampler.summarise(measureFrom, measureTo);
  const pairsWithInsights = connected.filter((p) => p.measuredInsights > 0).length;
  const summary = {
    url: options.url,
    pairs: options.pairs,
    connectedPairs: connected.length,
    pairsWithInsights,
    fpsPerPatient: options.fps,
    warmupSeconds: options.warmup,
    measuredSeconds,
    frames: { files: frames.length, meanBytes: Math.round(meanBytes) },
    sent: { total: sum((p) => p.sent), measured: measuredSent, perSecond: round(measuredSent / measuredSeconds) },
    // Frames the sessions' aggregates counted while measuring (aggregate.frames of the last insight), per second.
    analysed: { measured: analysed, perSecond: round(analysed / measuredSeconds) },
    // Frames whose own insight reached the therapist (the first insight with their capture time).
    insightFrames: { measured: measuredInsights, perSecond: round(measuredInsights / measuredSeconds), ofSentPercent: round((measuredInsights / Math.max(1, measuredSent)) * 100) },
    outcomes,
    measuredOutcomes,
    // Frames replaced in the dispatcher by a newer frame of their session (the sessions' droppedFrames), while measuring.
    droppedInDispatcher: dropped,
    latencyMs: latency,
    latencyBy10s: slices,
    sendFrameAckMs: distribution(ackLatencies),
    schedulerLagMs: distribution(sendTimes),
    maxFramesInFlightPerPatient: connected.reduce((a, p) => Math.max(a, p.maxInFlight), 0),
    alerts: sum((p) => p.alerts),
    analysisOffEvents: sum((p) => p.analysisOff),
    errors: {
      setup: errors.setup,
      connection: errors.connection,
      invoke: errors.invoke,
      closed: errors.closed,
      total: errors.setup + errors.connection + errors.invoke + errors.closed,
      messages: Object.fromEntries([...errors.messages.entries()].slice(0, 10)),
    },
    resources: { serverPid: options.pid ?? null, ...resources },
    timings: {
      seedSeconds: round((seededAt - startedAt) / 1000),
      connectSeconds: round((connectedAt - seededAt) / 1000),
      totalSeconds: round((Date.now() - startedAt) / 1000),
      measuredUntil: new Date(doneAt).toISOString(),
    },
  };
  log(`latency p50 ${latency.p50} ms, p99 ${latency.p99} ms over ${latency.count} frames; sent ${summary.sent.perSecond}/s, analysed ${summary.analysed.perSecond}/s; `
    + `server ${resources.serverCores.mean} cores mean, RSS peak ${resources.serverRssMiB.peak} MiB; errors ${summary.errors.total}`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`load.mjs failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  });
