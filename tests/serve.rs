//! `trustbook serve`: both sites over HTTP, one rebuild per save, the last good build and an
//! overlay while the project is broken, traversal refused, nothing written to `out/`.

mod common;

use common::Fixture;
use common::cdp::{Browser, browser_required, chromium};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `trustbook serve`, stopped on drop.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(f: &Fixture) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trustbook"))
        .args(["serve", "--port", "0"])
        .arg(f.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    out.read_line(&mut first).unwrap();
    // Keep reading: a closed stdout would end the server at its next line (SIGPIPE, as for
    // any command whose reader went away).
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let port = first
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {first:?}"));
    Server { child, port }
}

/// A GET with the path sent exactly as written (no client-side normalisation).
fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    if let Err(e) = s.read_to_string(&mut raw) {
        panic!("GET {path}: {e} after {} bytes", raw.len());
    }
    let code = raw
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = raw.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_owned();
    (code, body)
}

fn status(port: u16) -> Value {
    let (code, body) = get(port, "/__trustbook/status");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("status {code} {body:?}: {e}"))
}

fn wait_status(port: u16, what: &str, ok: impl Fn(&Value) -> bool) -> Value {
    let start = Instant::now();
    loop {
        let s = status(port);
        if ok(&s) {
            return s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}: {s}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serves_both_sites_and_refuses_traversal() {
    let f = Fixture::valid();
    let server = serve(&f);
    let p = server.port;
    wait_status(p, "the first build", |s| s["generation"] == 1);
    let (code, home) = get(p, "/");
    assert_eq!(code, 200);
    assert!(
        home.contains("/__trustbook/reload.js"),
        "the reload script is injected"
    );
    assert!(
        home.contains("connect-src 'self'"),
        "the served CSP allows the event stream"
    );
    assert_eq!(get(p, "/docs/").0, 200);
    assert_eq!(get(p, "/policies/access-control.html").0, 200);
    assert_eq!(get(p, "/no/such/page.html").0, 404);
    for bad in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/docs/..%2f..%2fCargo.toml",
        "/a%5c..%5cb",
    ] {
        let (code, body) = get(p, bad);
        assert_eq!(code, 400, "{bad}: {body}");
    }
    assert!(!f.path().join("out").exists(), "serve never writes out/");
}

#[test]
fn a_rename_save_rebuilds_once_and_a_broken_edit_keeps_the_last_good_build() {
    let f = Fixture::valid();
    let server = serve(&f);
    let p = server.port;
    wait_status(p, "the first build", |s| s["generation"] == 1);
    // An editor's save: write a temporary file, then rename it over the policy.
    let policy = f.path().join("content/policies/access-control.md");
    let text = std::fs::read_to_string(&policy).unwrap();
    let tmp = f.path().join("content/policies/.access-control.md.swp");
    std::fs::write(&tmp, text.replace("Access Control Policy", "Access Policy")).unwrap();
    std::fs::rename(&tmp, &policy).unwrap();
    wait_status(p, "the rebuild", |s| s["generation"] == 2);
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(status(p)["seq"], 2, "one burst, one rebuild");
    assert!(
        get(p, "/policies/access-control.html")
            .1
            .contains("<h1>Access Policy</h1>")
    );
    // A broken edit: the diagnostics are reported, the last good build is still served.
    std::fs::write(
        &policy,
        text.replace("classification: public", "classification: pubic"),
    )
    .unwrap();
    let s = wait_status(p, "the failed build", |s| s["ok"] == false);
    let d = s["diagnostics"].as_str().unwrap();
    assert!(
        d.contains("content/policies/access-control.md:10:17") && d.contains("public"),
        "{d}"
    );
    assert!(
        get(p, "/policies/access-control.html")
            .1
            .contains("<h1>Access Policy</h1>")
    );
    std::fs::write(&policy, &text).unwrap();
    wait_status(p, "the fixed build", |s| {
        s["ok"] == true && s["generation"] == 3
    });
    assert!(!f.path().join("out").exists());
}

#[test]
fn the_browser_shows_the_overlay_and_reloads_when_fixed() {
    let Some(exe) = chromium() else {
        assert!(
            !browser_required(),
            "TRUSTBOOK_REQUIRE_TOOLS=1 but Chromium is not installed"
        );
        eprintln!("skipped: Chromium is not installed");
        return;
    };
    let f = Fixture::valid();
    let server = serve(&f);
    let p = server.port;
    wait_status(p, "the first build", |s| s["generation"] == 1);
    let mut b = Browser::launch(&exe);
    b.goto(&format!(
        "http://127.0.0.1:{p}/policies/access-control.html"
    ));
    // The page listens once loaded; the first status message arrives right away.
    std::thread::sleep(Duration::from_millis(300));
    let policy = f.path().join("content/policies/access-control.md");
    let text = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(
        &policy,
        text.replace("classification: public", "classification: pubic"),
    )
    .unwrap();
    assert!(
        b.wait_for(
            "!!document.getElementById('trustbook-overlay')",
            Duration::from_secs(20)
        ),
        "the overlay appears on a broken edit"
    );
    let shown = b.eval("document.getElementById('trustbook-overlay').textContent");
    assert!(shown.as_str().unwrap_or("").contains("pubic"), "{shown}");
    std::fs::write(
        &policy,
        text.replace("Access Control Policy", "Access Rules"),
    )
    .unwrap();
    assert!(
        b.wait_for(
            "document.querySelector('h1') && document.querySelector('h1').textContent === 'Access Rules' && !document.getElementById('trustbook-overlay')",
            Duration::from_secs(20)
        ),
        "the page reloads without the overlay once fixed"
    );
}
