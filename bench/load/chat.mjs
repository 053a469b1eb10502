#!/usr/bin/env node
// Load generator for the support chat (docs/benchmarks.md, "Support chat turns under load").
//
//   node bench/load/chat.mjs --url http://127.0.0.1:8080 --admin-email ops@example.org --admin-password '...' \
//        --patients 200 --seconds 60 [--pid SERVER_PID] [--interval 1] [--warmup 10]
//
// Every option also reads from the environment: EMOTECARE_URL, EMOTECARE_ADMIN_EMAIL, EMOTECARE_ADMIN_PASSWORD,
// CHAT_PATIENTS, CHAT_SECONDS, CHAT_PID, CHAT_INTERVAL, CHAT_WARMUP.
//
// The admin creates N patients through the REST API; each signs in with a bearer token and opens a SignalR connection
// to /hubs/chat over WebSockets. After Open (the greeting), every patient takes one turn every --interval seconds, all
// at once, each on its own timer: two turns in three tap one of the choices the last reply offered, one in three types
// an ordinary message from a fixed list (no crisis wording: the crisis path adds a therapist alert per turn). A turn's
// latency is the hub invocation's round trip (Send to its ChatReply) on one machine. The Api's CPU and RSS are read
// from /proc/PID, and with --pg-data PostgreSQL's (postmaster and backends), at the start and end of the measured window. Progress goes to standard error; the last line on
// standard output is a JSON summary.
//
// The server must allow N + 1 sign-ins from one address (RateLimits__SignIn__PermitLimit) and N / interval * 60
// messages a minute per patient at least (Chat__MessagesPerMinute); bench/load/chat.sh sets both.

import { readdirSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import * as signalR from "@microsoft/signalr";

function parseOptions(argv) {
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${arg}`);
    flags[arg.slice(2)] = i + 1 < argv.length && !argv[i + 1].startsWith("--") ? argv[++i] : "true";
  }
  const env = process.env;
  const pick = (flag, variable, fallback) => flags[flag] ?? env[variable] ?? fallback;
  const number = (flag, variable, fallback) => {
    const value = Number(pick(flag, variable, fallback));
    if (!Number.isFinite(value)) throw new Error(`--${flag} must be a number`);
    return value;
  };
  const options = {
    url: pick("url", "EMOTECARE_URL", "http://127.0.0.1:8080").replace(/\/+$/, ""),
    adminEmail: pick("admin-email", "EMOTECARE_ADMIN_EMAIL", undefined),
    adminPassword: pick("admin-password", "EMOTECARE_ADMIN_PASSWORD", undefined),
    patients: number("patients", "CHAT_PATIENTS", 200),
    seconds: number("seconds", "CHAT_SECONDS", 60),
    warmup: number("warmup", "CHAT_WARMUP", 10),
    interval: number("interval", "CHAT_INTERVAL", 1),
    pid: pick("pid", "CHAT_PID", undefined),
    pgData: pick("pg-data", "CHAT_PG_DATA", undefined),
  };
  if (!options.adminEmail || !options.adminPassword) throw new Error("--admin-email and --admin-password are required");
  if (options.patients < 1 || options.seconds <= 0 || options.interval <= 0 || options.warmup < 0) {
    throw new Error("--patients must be at least 1, --seconds and --interval above 0, --warmup at least 0");
  }
  options.pid = options.pid ? Number(options.pid) : undefined;
  return options;
}

const options = parseOptions(process.argv.slice(2));
const log = (message) => process.stderr.write(`[chat.mjs] ${message}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function request(method, path, { token, body } = {}) {
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
      await response.arrayBuffer();
      await sleep(Math.max(1, Number(response.headers.get("retry-after") ?? "1")) * 1000);
      continue;
    }
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  }
}

const signIn = async (email, password) => (await request("POST", "/api/auth/token", { body: { email, password } })).accessToken;

async function inParallel(count, width, work) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, count) }, async () => {
    while (next < count) await work(next++);
  }));
}

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function readProcess(pid) {
  if (!pid) return null;
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond, rssBytes: Number(fields[21]) * 4096 };
}

// PostgreSQL's CPU: the postmaster (read from DIR/postmaster.pid) with its reaped children, plus its live backends.
function readPostgres(dataDir) {
  if (!dataDir) return null;
  const postmaster = Number(readFileSync(`${dataDir}/postmaster.pid`, "utf8").split("\n")[0]);
  const fieldsOf = (pid) => {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  };
  const own = fieldsOf(postmaster);
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = fieldsOf(entry);
      if (Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended while being read.
    }
  }
  return { cpuSeconds: ticks / ticksPerSecond };
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);
const round = (x) => (x === null ? null : Math.round(x * 100) / 100);

const TEXTS = [
  "Work has been a lot lately",
  "I slept badly again",
  "I had a nice walk this morning",
  "My sister and I argued",
  "not sure",
  "I feel a bit tense today",
  "help",
];

async function main() {
  const admin = await signIn(options.adminEmail, options.adminPassword);
  log(`creating ${options.patients} patients`);
  const patients = [];
  await inParallel(options.patients, 8, async (i) => {
    const created = await request("POST", "/api/patients", {
      token: admin,
      body: { email: `chat-${Date.now()}-${i}@load.example`, pseudonym: `Chat ${i}` },
    });
    patients[i] = { token: await signIn(created.email, created.initialPassword) };
  });

  log("connecting");
  await inParallel(patients.length, 16, async (i) => {
    const connection = new signalR.HubConnectionBuilder()
      .withUrl(`${options.url}/hubs/chat`, {
        accessTokenFactory: () => patients[i].token,
        transport: signalR.HttpTransportType.WebSockets,
        skipNegotiation: true,
      })
      .configureLogging(signalR.LogLevel.None)
      .build();
    await connection.start();
    patients[i].connection = connection;
    patients[i].reply = await connection.invoke("Open");
  });

  const latencies = [];
  let errors = 0;
  let measuring = false;
  let stopping = false;
  const chat = async (patient, index) => {
    let turn = index;
    // Spread the first turns over one interval, so the patients do not all send in the same millisecond.
    await sleep(Math.random() * options.interval * 1000);
    while (!stopping) {
      const started = performance.now();
      const choices = patient.reply?.choices ?? [];
      const body = choices.length && turn % 3 !== 0
        ? { choiceId: choices[turn % choices.length].id }
        : { text: TEXTS[turn % TEXTS.length] };
      try {
        patient.reply = await patient.connection.invoke("Send", body);
        if (measuring) latencies.push(performance.now() - started);
      } catch (error) {
        if (measuring) errors++;
        if (errors <= 5) log(`turn failed: ${error.message}`);
      }
      turn++;
      await sleep(Math.max(0, options.interval * 1000 - (performance.now() - started)));
    }
  };

  log(`${patients.length} patients chatting, one turn every ${options.interval} s each; warming up ${options.warmup} s`);
  const loops = patients.map(chat);
  await sleep(options.warmup * 1000);
  measuring = true;
  const cpuBefore = readProcess(options.pid);
  const pgBefore = readPostgres(options.pgData);
  const from = performance.now();
  await sleep(options.seconds * 1000);
  measuring = false;
  const elapsed = (performance.now() - from) / 1000;
  const cpuAfter = readProcess(options.pid);
  const pgAfter = readPostgres(options.pgData);
  stopping = true;
  await Promise.all(loops);
  await Promise.all(patients.map((p) => p.connection.stop()));

  const sorted = [...latencies].sort((a, b) => a - b);
  const summary = {
    patients: patients.length,
    seconds: round(elapsed),
    intervalSeconds: options.interval,
    turns: latencies.length,
    turnsPerSecond: round(latencies.length / elapsed),
    errors,
    p50Ms: round(percentile(sorted, 50)),
    p90Ms: round(percentile(sorted, 90)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? null),
    serverCores: cpuBefore && cpuAfter ? round((cpuAfter.cpuSeconds - cpuBefore.cpuSeconds) / elapsed) : null,
    serverRssMiB: cpuAfter ? Math.round(cpuAfter.rssBytes / 1048576) : null,
    postgresCores: pgBefore && pgAfter ? round((pgAfter.cpuSeconds - pgBefore.cpuSeconds) / elapsed) : null,
  };
  log(`turns ${summary.turns} (${summary.turnsPerSecond}/s), p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms, errors ${errors}, Api ${summary.serverCores} cores, PostgreSQL ${summary.postgresCores} cores`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exit(errors > 0 ? 1 : 0);
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exit(2);
});
