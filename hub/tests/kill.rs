//! Faults: the real `campanile-hub` binary killed with SIGKILL at random moments (a seeded
//! RNG) under a stream of writes from several clients, each write retried with its same
//! Idempotency-Key until it gets an answer; the hub is restarted on the same database after
//! every kill. Afterwards every write is applied exactly once (each practice's timeline holds
//! exactly the events sent to it, in order; each citizen has exactly the practices opened for
//! them; the database's rows add up) and every person's feed reads the same from an
//! incremental read during the stream and two full reads after it, with no gaps and no
//! duplicates. On SQLite with one process, then on PostgreSQL with two processes on one
//! database, the clients spreading their writes over both and either one killed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

/// Client tasks writing at once.
const TASKS: usize = 4;
/// Citizens per task (each task has one member of staff too).
const CITIZENS: usize = 2;
/// Kills at least.
const MIN_KILLS: u64 = 40;
/// Writes per task at least, and at most (the stream goes on until the kills are done).
const MIN_WRITES: usize = 20;
const MAX_WRITES: usize = 500;
/// The whole stream's bound.
const STREAM_BOUND: Duration = Duration::from_secs(100);
const SEED: u64 = 0x6b69_6c6c;

/// One run at a time in this file: two streams of kills at once would only fight for 2 cores.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The counts a run prints.
#[derive(Default)]
struct Counts {
    writes: AtomicU64,
    kills: AtomicU64,
    retries: AtomicU64,
    replays: AtomicU64,
    reads: AtomicU64,
}

/// A hub process: its port (kept across restarts) and the running child.
struct Proc {
    port: u16,
    child: tokio::process::Child,
}

/// What the hub processes are started with.
struct Launch {
    db: String,
    dir: PathBuf,
}

impl Launch {
    fn spawn(&self, port: u16) -> tokio::process::Child {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join(format!("hub-{port}.log")))
            .unwrap();
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_campanile-hub"));
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("CAMPANILE_HUB_") {
                cmd.env_remove(name);
            }
        }
        cmd.arg("serve")
            .arg("--dev-login")
            .arg("--db")
            .arg(&self.db)
            .arg("--addr")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--key-file")
            .arg(self.dir.join("key"))
            .arg("--pagopa-key-dir")
            .arg(self.dir.join("pagopa-keys"))
            .env("RUST_LOG", "warn")
            .env("XDG_DATA_HOME", self.dir.join("data"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .kill_on_drop(true);
        cmd.spawn().unwrap()
    }

    fn log_tail(&self, port: u16) -> String {
        let text =
            std::fs::read_to_string(self.dir.join(format!("hub-{port}.log"))).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The signing key: 64 hex characters in a file only its owner reads.
fn write_key(path: &Path) {
    use std::os::unix::fs::OpenOptionsExt;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).unwrap();
    let mut f = std::fs::OpenOptions::new()
        .create_new(true)
        .write(true)
        .mode(0o600)
        .open(path)
        .unwrap();
    writeln!(f, "{}", hex::encode(bytes)).unwrap();
}

async fn wait_ready(client: &reqwest::Client, launch: &Launch, port: u16) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(r) = client
            .get(format!("http://127.0.0.1:{port}/ready"))
            .send()
            .await
            && r.status() == StatusCode::OK
        {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the hub on port {port} is not ready after 30 s:\n{}",
            launch.log_tail(port)
        );
        tokio::time::sleep(Duration::from_millis(15)).await;
    }
}

/// What the clients share: the hubs' addresses, the HTTP client, the counts.
struct Ctx {
    bases: Vec<String>,
    client: reqwest::Client,
    counts: Counts,
}

impl Ctx {
    fn base(&self, rng: &mut fastrand::Rng) -> &str {
        &self.bases[rng.usize(..self.bases.len())]
    }

    async fn backoff(&self, rng: &mut fastrand::Rng) {
        self.counts.retries.fetch_add(1, Ordering::Relaxed);
        tokio::time::sleep(Duration::from_millis(rng.u64(5..40))).await;
    }

    /// A write, sent to any hub and retried with the same key until it is answered 201.
    async fn write(
        &self,
        rng: &mut fastrand::Rng,
        path: &str,
        token: &str,
        key: &str,
        body: &Value,
    ) -> Value {
        self.counts.writes.fetch_add(1, Ordering::Relaxed);
        loop {
            let sent = self
                .client
                .post(format!("{}{path}", self.base(rng)))
                .bearer_auth(token)
                .header("Idempotency-Key", key)
                .json(body)
                .send()
                .await;
            if let Ok(res) = sent {
                let status = res.status();
                let replayed = res.headers().contains_key("idempotent-replayed");
                // The body may be cut by a kill: then it is no answer.
                if let Ok(v) = res.json::<Value>().await {
                    if status == StatusCode::CREATED {
                        if replayed {
                            self.counts.replays.fetch_add(1, Ordering::Relaxed);
                        }
                        return v;
                    }
                    assert!(
                        status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS,
                        "{path} (key {key}): {status} {v}"
                    );
                }
            }
            self.backoff(rng).await;
        }
    }

    /// A read from any hub, retried until it is answered 200.
    async fn read(&self, rng: &mut fastrand::Rng, path: &str, token: &str) -> Value {
        loop {
            let sent = self
                .client
                .get(format!("{}{path}", self.base(rng)))
                .bearer_auth(token)
                .send()
                .await;
            if let Ok(res) = sent {
                let status = res.status();
                if let Ok(v) = res.json::<Value>().await {
                    if status == StatusCode::OK {
                        self.counts.reads.fetch_add(1, Ordering::Relaxed);
                        return v;
                    }
                    assert!(status.is_server_error(), "{path}: {status} {v}");
                }
            }
            self.backoff(rng).await;
        }
    }

    /// The feed after `cursor`, page by page, to its end: the changes and the last cursor.
    async fn feed(
        &self,
        rng: &mut fastrand::Rng,
        token: &str,
        mut cursor: Option<String>,
        limit: usize,
    ) -> (Vec<Value>, Option<String>) {
        let mut out = Vec::new();
        loop {
            let path = match &cursor {
                Some(c) => format!("/api/v1/me/changes?limit={limit}&after={c}"),
                None => format!("/api/v1/me/changes?limit={limit}"),
            };
            let page = self.read(rng, &path, token).await;
            out.extend(page["changes"].as_array().unwrap().iter().cloned());
            cursor = Some(page["cursor"].as_str().unwrap().to_string());
            if !page["more"].as_bool().unwrap() {
                return (out, cursor);
            }
        }
    }
}

/// A person of the stream.
struct Person {
    subject: String,
    token: String,
}

/// A practice a task opened, and the events it sent to it (kind, note), in order.
struct Sent {
    id: String,
    citizen: usize,
    events: Vec<(String, String)>,
}

/// What a task did.
struct TaskLog {
    staff: Person,
    citizens: Vec<Person>,
    practices: Vec<Sent>,
    /// Each citizen's feed as read during the stream, incrementally from a kept cursor.
    incremental: Vec<(Option<String>, Vec<Value>)>,
    writes: usize,
}

fn staff_code(task: usize) -> String {
    format!("STFKLL70A01H50{task}Z")
}

fn citizen_code(task: usize, c: usize) -> String {
    format!("CTZKLL80A01D5{task}{c}X")
}

/// A development token, asked again until a hub answers (the kills go on meanwhile).
async fn login(ctx: &Ctx, subject: &str, role: &str, comune: Option<&str>) -> String {
    let mut rng = fastrand::Rng::with_seed(SEED ^ 0x10);
    loop {
        let sent = ctx
            .client
            .post(format!("{}/api/v1/dev/login", ctx.base(&mut rng)))
            .json(&json!({"subject": subject, "role": role, "comune": comune}))
            .send()
            .await;
        if let Ok(res) = sent {
            let status = res.status();
            if let Ok(v) = res.json::<Value>().await {
                if status == StatusCode::OK {
                    return v["token"].as_str().unwrap().to_string();
                }
                assert!(
                    status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS,
                    "login: {status} {v}"
                );
            }
        }
        ctx.backoff(&mut rng).await;
    }
}

/// One client task: a member of staff and their citizens. The staff open practices for the
/// citizens, ask for an integration, the citizen answers it, then both add notes, documents
/// and assignments; each write waits for its answer before the next. Every few writes a
/// citizen's feed is read on from where the last read stopped.
async fn run_client(ctx: Arc<Ctx>, task: usize, enough: Arc<AtomicBool>) -> TaskLog {
    let mut rng = fastrand::Rng::with_seed(SEED ^ (task as u64 + 1));
    let comune = if task.is_multiple_of(2) {
        common::ASCOLI
    } else {
        common::FERMO
    };
    let staff_subject = staff_code(task);
    let staff = Person {
        token: login(&ctx, &staff_subject, "staff", Some(comune)).await,
        subject: staff_subject,
    };
    let mut citizens = Vec::new();
    for c in 0..CITIZENS {
        let subject = citizen_code(task, c);
        citizens.push(Person {
            token: login(&ctx, &subject, "citizen", None).await,
            subject,
        });
    }
    let mut log = TaskLog {
        staff,
        citizens,
        practices: Vec::new(),
        incremental: vec![(None, Vec::new()); CITIZENS],
        writes: 0,
    };
    while log.writes < MAX_WRITES && !(log.writes >= MIN_WRITES && enough.load(Ordering::Relaxed)) {
        let n = log.writes;
        let key = format!("kill-{task}-{n}");
        if log.practices.is_empty() || rng.usize(..6) == 0 {
            let citizen = rng.usize(..CITIZENS);
            let body = json!({"procedure": "SUAP-OSP",
                "applicant": log.citizens[citizen].subject,
                "subject": format!("Dehors {task}-{n}"), "comune": comune,
                "received": "2026-03-02"});
            let v = ctx
                .write(&mut rng, "/api/v1/practices", &log.staff.token, &key, &body)
                .await;
            log.practices.push(Sent {
                id: v["id"].as_str().unwrap().to_string(),
                citizen,
                events: Vec::new(),
            });
        } else {
            let i = rng.usize(..log.practices.len());
            let p = &log.practices[i];
            let note = format!("w{task}-{n}");
            // The first two steps move the state; a repeat of either would be refused.
            let (kind, by_staff) = match p.events.len() {
                0 => ("integration_requested", true),
                1 => ("integrated", false),
                _ => match rng.usize(..4) {
                    0 => ("note", true),
                    1 => ("assigned", true),
                    2 => ("document", false),
                    _ => ("note", false),
                },
            };
            let token = if by_staff {
                &log.staff.token
            } else {
                &log.citizens[p.citizen].token
            };
            let body = json!({"kind": kind, "note": note,
                "attachments": if kind == "document" { vec![format!("{note}.pdf")] } else { vec![] }});
            let path = format!("/api/v1/practices/{}/events", p.id);
            let v = ctx.write(&mut rng, &path, token, &key, &body).await;
            let last = v["events"].as_array().unwrap().last().unwrap();
            assert_eq!(last["note"], note, "the answer shows the event written");
            log.practices[i].events.push((kind.to_string(), note));
        }
        log.writes += 1;
        if log.writes.is_multiple_of(3) {
            let c = rng.usize(..CITIZENS);
            let (cursor, seen) = &mut log.incremental[c];
            let (more, next) = ctx
                .feed(&mut rng, &log.citizens[c].token, cursor.clone(), 4)
                .await;
            seen.extend(more);
            *cursor = next;
        }
    }
    log
}

/// Kills a random hub at a random moment, restarts it on the same port and database and waits
/// until it is ready, until `MIN_KILLS` kills are done.
async fn killer(
    ctx: Arc<Ctx>,
    launch: Arc<Launch>,
    mut procs: Vec<Proc>,
    enough: Arc<AtomicBool>,
) -> Vec<Proc> {
    let mut rng = fastrand::Rng::with_seed(SEED);
    for _ in 0..MIN_KILLS {
        tokio::time::sleep(Duration::from_millis(rng.u64(10..300))).await;
        let which = rng.usize(..procs.len());
        let p = &mut procs[which];
        // SIGKILL (tokio's Child::kill sends it on Unix), then reap it.
        p.child.kill().await.unwrap();
        ctx.counts.kills.fetch_add(1, Ordering::Relaxed);
        p.child = launch.spawn(p.port);
        wait_ready(&ctx.client, &launch, p.port).await;
    }
    enough.store(true, Ordering::Relaxed);
    procs
}

async fn count(pool: &sqlx::AnyPool, table: &str) -> u64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(pool)
        .await
        .unwrap();
    u64::try_from(n).unwrap()
}

/// Checks a feed read: seqs strictly increasing (no duplicate), every change the person's.
fn check_order(feed: &[Value], subject: &str, what: &str) {
    let seqs: Vec<i64> = feed.iter().map(|c| c["seq"].as_i64().unwrap()).collect();
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "{subject}: {what}: the feed's order is not strictly increasing: {seqs:?}"
    );
    assert!(
        feed.iter().all(|c| c["person"] == subject),
        "{subject}: {what}"
    );
}

async fn run(name: &str, db: String, dir: tempfile::TempDir, processes: usize) {
    let started = std::time::Instant::now();
    write_key(&dir.path().join("key"));
    let launch = Arc::new(Launch {
        db: db.clone(),
        dir: dir.path().to_path_buf(),
    });
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    // The first process loads the comuni and the catalog; the second starts on them.
    let mut procs = Vec::new();
    for _ in 0..processes {
        let port = free_port();
        let child = launch.spawn(port);
        wait_ready(&client, &launch, port).await;
        procs.push(Proc { port, child });
    }
    let ctx = Arc::new(Ctx {
        bases: procs
            .iter()
            .map(|p| format!("http://127.0.0.1:{}", p.port))
            .collect(),
        client,
        counts: Counts::default(),
    });

    let enough = Arc::new(AtomicBool::new(false));
    let stream = async {
        let clients: Vec<_> = (0..TASKS)
            .map(|t| tokio::spawn(run_client(ctx.clone(), t, enough.clone())))
            .collect();
        let procs = tokio::spawn(killer(ctx.clone(), launch.clone(), procs, enough.clone())).await;
        let mut logs = Vec::new();
        for c in clients {
            logs.push(c.await.unwrap());
        }
        (procs.unwrap(), logs)
    };
    let (mut procs, mut logs) = tokio::time::timeout(STREAM_BOUND, stream)
        .await
        .unwrap_or_else(|_| panic!("{name}: the stream did not end within {STREAM_BOUND:?}"));
    let stream_time = started.elapsed();

    // Every write applied exactly once: each practice holds exactly the events sent to it, in
    // the order they were sent, after its opening two (started, presented).
    let mut rng = fastrand::Rng::with_seed(SEED + 1);
    let admin = login(&ctx, common::ADMIN, "admin", None).await;
    let mut practices = 0u64;
    let mut events = 0u64;
    let mut expected_idem = 0u64;
    for log in &logs {
        expected_idem += log.writes as u64;
        for p in &log.practices {
            let v = ctx
                .read(&mut rng, &format!("/api/v1/practices/{}", p.id), &admin)
                .await;
            let got: Vec<(String, String)> = v["events"].as_array().unwrap()[2..]
                .iter()
                .map(|e| {
                    (
                        e["kind"].as_str().unwrap().to_string(),
                        e["note"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect();
            assert_eq!(got, p.events, "{name}: practice {}'s timeline", p.id);
            practices += 1;
            events += 2 + p.events.len() as u64;
        }
    }
    // Each citizen has exactly the practices opened for them (a lost answer's retry opened
    // no second one).
    for log in &logs {
        for (c, person) in log.citizens.iter().enumerate() {
            let mine = ctx
                .read(&mut rng, "/api/v1/me/practices", &person.token)
                .await;
            let got: BTreeSet<String> = mine
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["id"].as_str().unwrap().to_string())
                .collect();
            let sent: BTreeSet<String> = log
                .practices
                .iter()
                .filter(|p| p.citizen == c)
                .map(|p| p.id.clone())
                .collect();
            assert_eq!(got, sent, "{name}: {}'s practices", person.subject);
        }
    }

    // Every feed: the incremental read of the stream, read on to its end, and two full reads
    // (small pages; one big page) are the same changes in the same order, with no duplicate,
    // and hold one change per event of the person's practices, in each timeline's order.
    let mut feed_changes = 0u64;
    for log in &mut logs {
        let staff_feed = ctx.feed(&mut rng, &log.staff.token, None, 3).await.0;
        assert!(
            staff_feed.is_empty(),
            "{name}: staff have no feed of their own"
        );
        for (c, person) in log.citizens.iter().enumerate() {
            let (cursor, mut incremental) = std::mem::take(&mut log.incremental[c]);
            incremental.extend(ctx.feed(&mut rng, &person.token, cursor, 4).await.0);
            let small = ctx.feed(&mut rng, &person.token, None, 3).await.0;
            let big = ctx.feed(&mut rng, &person.token, None, 10_000).await.0;
            check_order(&small, &person.subject, "full read");
            assert_eq!(
                incremental, small,
                "{name}: {}: incremental vs full",
                person.subject
            );
            assert_eq!(big, small, "{name}: {}: two full reads", person.subject);
            let mut by_practice: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for ch in &small {
                by_practice
                    .entry(ch["subject_id"].as_str().unwrap().to_string())
                    .or_default()
                    .push(
                        ch["detail"]["note"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                    );
            }
            let expected: BTreeMap<String, Vec<String>> = log
                .practices
                .iter()
                .filter(|p| p.citizen == c)
                .map(|p| {
                    let mut notes = vec![String::new(), String::new()];
                    notes.extend(p.events.iter().map(|(_, n)| n.clone()));
                    (p.id.clone(), notes)
                })
                .collect();
            assert_eq!(by_practice, expected, "{name}: {}'s feed", person.subject);
            feed_changes += small.len() as u64;
        }
    }
    assert_eq!(feed_changes, events);

    // The database adds up: one row per practice, event, change and write.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&db).await.unwrap();
    assert_eq!(count(&pool, "practices").await, practices, "{name}");
    assert_eq!(count(&pool, "practice_events").await, events, "{name}");
    assert_eq!(count(&pool, "changes").await, events, "{name}");
    assert_eq!(count(&pool, "idempotency").await, expected_idem, "{name}");
    pool.close().await;

    for p in &mut procs {
        p.child.kill().await.unwrap();
    }
    let c = &ctx.counts;
    let writes = c.writes.load(Ordering::Relaxed);
    assert_eq!(writes, expected_idem);
    let kills = c.kills.load(Ordering::Relaxed);
    assert!(kills >= MIN_KILLS);
    // Past the harness's capture: the counts are always seen.
    let _ = writeln!(
        std::io::stderr(),
        "kill/{name}: {processes} process(es), {TASKS} clients: {writes} writes ({practices} practices opened, {} events added), {kills} kills, {} retries, {} replays, {} reads; {events} events and feed changes; stream {:.1} s, total {:.1} s",
        events - 2 * practices,
        c.retries.load(Ordering::Relaxed),
        c.replays.load(Ordering::Relaxed),
        c.reads.load(Ordering::Relaxed),
        stream_time.as_secs_f64(),
        started.elapsed().as_secs_f64(),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    let _one = SERIAL.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let db = campanile_hub::config::db_url(&dir.path().join("hub.db").display().to_string());
    run("sqlite", db, dir, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_two_processes() {
    let Some(common::Backend::Postgres(server)) = common::postgres("kill") else {
        return;
    };
    let _one = SERIAL.lock().await;
    let db = common::fresh_postgres(&server).await;
    run("postgres", db, tempfile::tempdir().unwrap(), 2).await;
}
