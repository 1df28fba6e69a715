//! `scripts/bench.sh`'s measuring half: drives the release build, served by the emulator,
//! in headless Chromium, and prints what a person feels — how long until the first screen
//! answers, how many of the network's latencies stand between signing in and the inbox,
//! whether a repeat visit paints from the cache, scrolling and memory with 10 000
//! messages, leaks, token renewals under a burst of calls, and how quickly a keystroke is
//! kept. Each figure is the median of `--runs` runs; timings also appear as a ratio to a
//! reference taken in the same run, which carries across machines better than
//! milliseconds do.
//!
//! `bench --bundle report.json --out bench/latest.json [--runs N] [--compare old.json]`

use serde_json::{json, Map, Value};
use std::time::Duration;
use tern_e2e::Session;

const ADELE: &str = "adele@contoso.example";
const LATENCY_MS: u64 = 400;
const BIG_INBOX: usize = 10_000;
const OPENS: usize = 200;
const BURST: usize = 20;
const KEYSTROKES: usize = 5;

/// Installed in every page before Tern's own scripts (and before its document has an
/// element, so it watches the document itself): when the landing page's button and
/// the first inbox row are first in the DOM and first painted (the frame after), object
/// URLs still alive, keystrokes and writes of a draft to the tab's storage.
const PROBE: &str = r#"(() => {
  const probe = window.__ternBench = { seen: {}, keydowns: [], draftWrites: [], liveUrls: new Set() };
  const watched = { "sign-in": "landing", "message-row": "firstRow" };
  new MutationObserver(() => {
    for (const [testId, name] of Object.entries(watched)) {
      if (name in probe.seen || !document.querySelector(`[data-testid="${testId}"]`)) continue;
      probe.seen[name] = performance.now();
      requestAnimationFrame(() => setTimeout(() => { probe.seen[name + "Painted"] = performance.now(); }));
    }
  }).observe(document, { childList: true, subtree: true });
  const create = URL.createObjectURL, revoke = URL.revokeObjectURL;
  URL.createObjectURL = (object) => { const url = create.call(URL, object); probe.liveUrls.add(url); return url; };
  URL.revokeObjectURL = (url) => { probe.liveUrls.delete(url); return revoke.call(URL, url); };
  document.addEventListener("keydown", () => probe.keydowns.push(performance.now()), true);
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    const kept = setItem.call(this, key, value);
    if (key.includes(":draft")) probe.draftWrites.push(performance.now());
    return kept;
  };
})();"#;

/// The element that scrolls the message list.
const SCROLLER: &str = "const scroller = (() => { let node = document.querySelector('[data-testid=message-row]'); \
     while (node && node.scrollHeight <= node.clientHeight + 1) node = node.parentElement; return node; })();";

struct Args {
    runs: usize,
    bundle: Option<String>,
    out: String,
    compare: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args { runs: 3, bundle: None, out: "bench/latest.json".into(), compare: None };
    let mut given = std::env::args().skip(1);
    while let Some(arg) = given.next() {
        let mut value = || given.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--runs" => args.runs = value()?.parse().map_err(|_| "--runs needs a number".to_owned())?,
            "--bundle" => args.bundle = Some(value()?),
            "--out" => args.out = value()?,
            "--compare" => args.compare = Some(value()?),
            other => return Err(format!("unknown argument {other}; usage: bench [--runs N] [--bundle FILE] [--out FILE] [--compare OLD]")),
        }
    }
    if args.runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    Ok(args)
}

/// One run's figures, by name.
type Figures = Map<String, Value>;

async fn probe(session: &Session, expression: &str) -> Value {
    session.script(&format!("return {expression}")).await
}

async fn number(session: &Session, expression: &str) -> f64 {
    probe(session, expression).await.as_f64().unwrap_or(f64::NAN)
}

async fn heap_mb(session: &Session) -> f64 {
    session.devtools("HeapProfiler.collectGarbage", json!({})).await;
    let usage = session.devtools("Runtime.getHeapUsage", json!({})).await;
    usage["usedSize"].as_f64().unwrap_or(f64::NAN) / 1_048_576.0
}

async fn fresh(edit: impl FnOnce(&mut tern_emulator::Options)) -> Session {
    let session = Session::start_with(edit).await;
    session.on_every_page(PROBE).await;
    session
}

/// When `name` was first painted; a minute at most, then what the page shows instead.
async fn wait_painted(session: &Session, name: &str) -> f64 {
    for _ in 0..300 {
        let painted = probe(session, &format!("window.__ternBench?.seen.{name}Painted ?? null")).await;
        if let Some(at) = painted.as_f64() {
            return at;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let shown = probe(session, "location.href + ' | ' + document.body.innerText.slice(0, 600)").await;
    panic!("{name} was never painted; the page: {shown}");
}

/// A tiny file from the same server: what loading anything at all costs here.
async fn reference_load(session: &Session) -> f64 {
    session.open("/icon.svg").await;
    number(session, "performance.getEntriesByType('navigation')[0].responseEnd").await
}

async fn first_screen(figures: &mut Figures) {
    let session = fresh(|_| {}).await;
    let reference = reference_load(&session).await;
    session.open("/").await;
    let landing = wait_painted(&session, "landing").await;
    figures.insert("reference_load_ms".into(), json!(reference));
    figures.insert("landing_interactive_ms".into(), json!(landing));
    session.close().await;
}

async fn inbox_under_latency(figures: &mut Figures) {
    let session = fresh(|options| options.latency_ms = LATENCY_MS).await;
    session.open("/#/mail/inbox").await;
    session.sign_in(ADELE).await;
    let row = wait_painted(&session, "firstRow").await;
    let token_answered = number(
        &session,
        "Math.max(...performance.getEntriesByType('resource').filter(e => e.name.includes('/token')).map(e => e.responseEnd))",
    )
    .await;
    let graph_before = number(
        &session,
        &format!("performance.getEntriesByType('resource').filter(e => e.name.includes('/v1.0/') && e.responseEnd <= {row}).length"),
    )
    .await;
    figures.insert("signed_in_to_first_row_ms".into(), json!(row - token_answered));
    figures.insert("signed_in_to_first_row_latencies".into(), json!((row - token_answered) / LATENCY_MS as f64));
    figures.insert("graph_answers_before_first_row".into(), json!(graph_before));

    // A repeat visit: the same tab, reloaded; the inbox kept in it should paint first.
    session.browser.refresh().await.expect("reload");
    let cached = wait_painted(&session, "firstRow").await;
    let graph_answers_before = number(
        &session,
        &format!("performance.getEntriesByType('resource').filter(e => e.name.includes('/v1.0/') && e.responseEnd <= {cached}).length"),
    )
    .await;
    figures.insert("repeat_visit_first_row_ms".into(), json!(cached));
    figures.insert("repeat_visit_painted_before_graph".into(), json!(if graph_answers_before == 0.0 { 1.0 } else { 0.0 }));
    session.close().await;
}

async fn big_inbox(figures: &mut Figures) {
    let session = fresh(|options| options.generate_mail = BIG_INBOX).await;
    session.open("/#/mail/inbox").await;
    session.sign_in(ADELE).await;
    wait_painted(&session, "firstRow").await;
    figures.insert(
        "big_inbox_dom_rows".into(),
        json!(number(&session, "document.querySelectorAll('[data-testid=message-row]').length").await),
    );
    figures.insert("big_inbox_heap_mb".into(), json!(heap_mb(&session).await));
    let frames = session
        .browser
        .execute_async(
            &format!(
                "const done = arguments[arguments.length - 1]; {SCROLLER}
                 const frames = []; let last = 0, count = 0;
                 const step = (now) => {{ if (last) frames.push(now - last); last = now; scroller.scrollTop += 97;
                   if (++count < 240) requestAnimationFrame(step); else done(frames); }};
                 requestAnimationFrame(step);"
            ),
            vec![],
        )
        .await
        .expect("scrolling");
    let mut frames: Vec<f64> = serde_json::from_value(frames).unwrap_or_default();
    frames.sort_by(f64::total_cmp);
    figures.insert("scroll_frame_p50_ms".into(), json!(percentile(&frames, 0.5)));
    figures.insert("scroll_frame_p95_ms".into(), json!(percentile(&frames, 0.95)));

    // Leaks: open messages one after another, then see what stayed.
    session.script(&format!("{SCROLLER} scroller.scrollTop = 0; return null")).await;
    let heap_before = heap_mb(&session).await;
    for index in 0..OPENS {
        session
            .browser
            .execute_async(
                &format!(
                    "const done = arguments[arguments.length - 1]; {SCROLLER}
                     const rowHeight = document.querySelector('[data-testid=message-row]').offsetHeight;
                     const top = {index} * rowHeight;
                     const settle = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
                     (async () => {{
                       scroller.scrollTop = top; await settle(); await settle();
                       const row = [...document.querySelectorAll('[data-testid=message-row]')].find((r) => r.offsetTop === top)
                         || document.querySelector('[data-testid=message-row]');
                       row.querySelector('[data-testid=row-open]').click();
                       for (let wait = 0; wait < 500; wait++) {{
                         await new Promise((resolve) => setTimeout(resolve, 10));
                         if (location.hash.endsWith(encodeURIComponent(row.dataset.id)) && document.querySelector('[data-testid=message-subject]')
                             && !document.querySelector('[data-testid=message-loading]')) break;
                       }}
                       done(null);
                     }})();"
                ),
                vec![],
            )
            .await
            .expect("a message opens");
    }
    figures.insert("opens_heap_growth_mb".into(), json!(heap_mb(&session).await - heap_before));
    figures.insert("opens_live_object_urls".into(), json!(number(&session, "window.__ternBench.liveUrls.size").await));

    // Renewal: the access token has expired, and a burst of messages is opened at once.
    session.edit_cached_tokens("tokens.access_tokens.forEach(t => t.expires_at = 0);").await;
    let before = session.token_requests().await;
    session
        .script(&format!(
            "[...document.querySelectorAll('[data-testid=message-row]')].slice(0, {BURST}).forEach((row) => row.querySelector('[data-testid=row-open]').click()); return null"
        ))
        .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    figures.insert("renewal_token_requests".into(), json!(session.token_requests().await - before));
    session.close().await;
}

async fn compose(figures: &mut Figures) {
    let session = fresh(|_| {}).await;
    session.open("/#/mail/inbox").await;
    session.sign_in(ADELE).await;
    session.wait_for("new-message").await.click().await.expect("new message");
    let body = session.wait_for("compose-body").await;
    body.click().await.expect("focus the body");
    for letter in "hello".chars().take(KEYSTROKES) {
        body.send_keys(&letter.to_string()).await.expect("a keystroke");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    let delays: Vec<f64> = serde_json::from_value(
        probe(&session, "window.__ternBench.keydowns.map((at) => (window.__ternBench.draftWrites.find((w) => w >= at) ?? NaN) - at)").await,
    )
    .unwrap_or_default();
    let mut delays: Vec<f64> = delays.into_iter().filter(|delay| delay.is_finite()).collect();
    delays.sort_by(f64::total_cmp);
    figures.insert("keystroke_to_draft_kept_ms".into(), json!(percentile(&delays, 0.5)));
    session.close().await;
}

fn percentile(sorted: &[f64], at: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * at).round() as usize]
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        count if count % 2 == 1 => values[count / 2],
        count => (values[count / 2 - 1] + values[count / 2]) / 2.0,
    }
}

/// The figures as printed: name, unit, and what the ratio is taken against.
const ROWS: &[(&str, &str, &str)] = &[
    ("landing_interactive_ms", "ms", "reference_load_ms"),
    ("reference_load_ms", "ms", ""),
    ("signed_in_to_first_row_ms", "ms", ""),
    ("signed_in_to_first_row_latencies", "× latency", ""),
    ("graph_answers_before_first_row", "answers", ""),
    ("repeat_visit_first_row_ms", "ms", "reference_load_ms"),
    ("repeat_visit_painted_before_graph", "1 = yes", ""),
    ("big_inbox_dom_rows", "rows", ""),
    ("big_inbox_heap_mb", "MB", ""),
    ("scroll_frame_p50_ms", "ms", ""),
    ("scroll_frame_p95_ms", "ms", ""),
    ("opens_heap_growth_mb", "MB", ""),
    ("opens_live_object_urls", "URLs", ""),
    ("renewal_token_requests", "requests", ""),
    ("keystroke_to_draft_kept_ms", "ms", ""),
];

const LABELS: &[(&str, &str)] = &[
    ("landing_interactive_ms", "navigation to interactive landing page"),
    ("reference_load_ms", "reference: a tiny file from the same server"),
    ("signed_in_to_first_row_ms", "latency 400 ms: signed in → first inbox row"),
    ("signed_in_to_first_row_latencies", "  … in latencies (goal ≤ 1.5)"),
    ("graph_answers_before_first_row", "  Graph answers before that paint"),
    ("repeat_visit_first_row_ms", "repeat visit: first inbox row painted"),
    ("repeat_visit_painted_before_graph", "  painted before any Graph answer"),
    ("big_inbox_dom_rows", "10 000 messages: rows in the DOM"),
    ("big_inbox_heap_mb", "  JS heap"),
    ("scroll_frame_p50_ms", "  frame while scrolling, p50"),
    ("scroll_frame_p95_ms", "  frame while scrolling, p95"),
    ("opens_heap_growth_mb", "200 messages opened: heap growth"),
    ("opens_live_object_urls", "  object URLs still alive"),
    ("renewal_token_requests", "expired token, 20 opened at once: token requests (goal 1)"),
    ("keystroke_to_draft_kept_ms", "keystroke → draft kept in the tab"),
];

fn label(name: &str) -> &str {
    LABELS.iter().find(|(key, _)| *key == name).map(|(_, label)| *label).unwrap_or(name)
}

fn machine() -> Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model =
        cpuinfo.lines().find_map(|line| line.strip_prefix("model name")).map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let memory = std::fs::read_to_string("/proc/meminfo").unwrap_or_default().lines().find_map(|line| {
        line.strip_prefix("MemTotal:").map(|kb| kb.trim().trim_end_matches(" kB").parse::<f64>().unwrap_or(0.0) / 1_048_576.0)
    });
    let browser = std::process::Command::new(std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into()))
        .arg("--version")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .unwrap_or_default();
    json!({ "cpu": model, "cores": cores, "memory_gb": memory.map(|gb| (gb * 10.0).round() / 10.0), "browser": browser })
}

/// The pages of the bundle report, in the order a person meets them.
const PAGES: [&str; 4] = ["first screen (signed out)", "full app (signed in)", "add-in pane", "whole client"];

fn bundle_rows(bundle: &Value) -> Vec<(&'static str, f64, f64)> {
    PAGES
        .iter()
        .filter_map(|page| {
            let size = bundle["pages"].get(*page)?;
            Some((*page, size["gzip"].as_f64()? / 1024.0, size["brotli"].as_f64()? / 1024.0))
        })
        .collect()
}

fn print_table(result: &Value, old: Option<&Value>) {
    let machine = &result["machine"];
    println!(
        "\nTern benchmark, {} run(s), median — {} ({} cores, {} GB), {}",
        result["runs"],
        machine["cpu"].as_str().unwrap_or("unknown CPU"),
        machine["cores"],
        machine["memory_gb"],
        machine["browser"].as_str().unwrap_or("")
    );
    let compared = |value: f64, old_value: Option<f64>| match old_value {
        Some(before) if before != 0.0 && before.is_finite() => format!("  (was {before:.1}, {:+.0}%)", 100.0 * (value - before) / before),
        Some(before) => format!("  (was {before:.1})"),
        None => String::new(),
    };
    println!("{:<58} {:>10}  {:<10}", "bytes", "gzip KB", "brotli KB");
    for (page, gzip, brotli) in bundle_rows(&result["bundle"]) {
        let before = old.and_then(|old| old["bundle"]["pages"][page]["gzip"].as_f64()).map(|b| b / 1024.0);
        println!("{page:<58} {gzip:>10.1}  {brotli:<10.1}{}", compared(gzip, before));
    }
    println!("{:<58} {:>10}  {:<10} ratio", "figure", "median", "unit");
    for (name, unit, against) in ROWS {
        let value = result["figures"][name]["median"].as_f64().unwrap_or(f64::NAN);
        let ratio = result["figures"][name]["ratio"].as_f64().map(|r| format!("{r:.1}× {against}")).unwrap_or_default();
        let before = old.and_then(|old| old["figures"][name]["median"].as_f64());
        println!("{:<58} {value:>10.1}  {unit:<10} {ratio}{}", label(name), compared(value, before));
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args = match parse_args() {
        Ok(args) => args,
        Err(problem) => {
            eprintln!("bench: {problem}");
            std::process::exit(2);
        }
    };
    let mut runs: Vec<Figures> = Vec::new();
    for run in 1..=args.runs {
        eprintln!("bench: run {run} of {}", args.runs);
        let mut figures = Figures::new();
        first_screen(&mut figures).await;
        inbox_under_latency(&mut figures).await;
        big_inbox(&mut figures).await;
        compose(&mut figures).await;
        runs.push(figures);
    }
    let mut figures = Map::new();
    for (name, _, against) in ROWS {
        let values: Vec<f64> = runs.iter().map(|run| run.get(*name).and_then(Value::as_f64).unwrap_or(f64::NAN)).collect();
        let ratios: Vec<f64> = runs
            .iter()
            .filter(|_| !against.is_empty())
            .filter_map(|run| Some(run.get(*name)?.as_f64()? / run.get(*against)?.as_f64()?))
            .collect();
        let mut entry = json!({ "median": median(values.clone()), "runs": values });
        if !ratios.is_empty() {
            entry["ratio"] = json!(median(ratios));
            entry["ratio_to"] = json!(against);
        }
        figures.insert((*name).to_owned(), entry);
    }
    let bundle = args.bundle.as_ref().and_then(|file| serde_json::from_str::<Value>(&std::fs::read_to_string(file).ok()?).ok());
    let result = json!({
        "machine": machine(),
        "runs": args.runs,
        "latency_ms": LATENCY_MS,
        "bundle": bundle.unwrap_or(Value::Null),
        "figures": figures,
    });
    let old = args.compare.as_ref().map(|file| {
        std::fs::read_to_string(file).ok().and_then(|text| serde_json::from_str::<Value>(&text).ok()).unwrap_or_else(|| {
            eprintln!("bench: {file} is not a benchmark result; nothing to compare");
            Value::Null
        })
    });
    print_table(&result, old.as_ref().filter(|old| !old.is_null()));
    if let Some(parent) = std::path::Path::new(&args.out).parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    std::fs::write(&args.out, serde_json::to_string_pretty(&result).expect("JSON")).expect("the result is written");
    println!("\nwritten to {}", args.out);
}
