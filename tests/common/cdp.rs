//! A minimal Chrome DevTools Protocol client over `--remote-debugging-pipe`: Chromium reads
//! NUL-terminated JSON commands on fd 3 and writes responses and events on fd 4. No WebDriver,
//! no websocket, no Node: just the browser the machine has.

#![allow(dead_code)]

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// The Chromium binary, if installed.
pub fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome", "chrome"]
        .iter()
        .filter_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        })
        .next()
}

/// Whether browser tests must run (CI sets this), rather than skip when Chromium is missing.
pub fn browser_required() -> bool {
    std::env::var_os("TRUSTBOOK_REQUIRE_TOOLS").is_some_and(|v| v == "1")
}

/// Chromium, started; or `None` with a visible skip message when it is not installed (a
/// failure instead under `TRUSTBOOK_REQUIRE_TOOLS=1`, as in CI).
pub fn browser_or_skip() -> Option<Browser> {
    match chromium() {
        Some(exe) => Some(Browser::launch(&exe)),
        None if browser_required() => {
            panic!("TRUSTBOOK_REQUIRE_TOOLS=1 but Chromium is not installed")
        }
        None => {
            eprintln!(
                "skipped: Chromium is not installed (set TRUSTBOOK_REQUIRE_TOOLS=1 to fail instead)"
            );
            None
        }
    }
}

/// A running headless Chromium with one page attached.
pub struct Browser {
    child: Child,
    to_chrome: std::fs::File,
    from_chrome: Receiver<Value>,
    next_id: u64,
    session: String,
    /// Events received so far (console messages, exceptions, network requests, …).
    pub events: Vec<Value>,
    _profile: tempfile::TempDir,
}

fn pipe() -> (OwnedFd, OwnedFd) {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors pipe(2) writes.
    let rc = unsafe { libc::pipe(fds.as_mut_ptr()) };
    assert_eq!(rc, 0, "pipe() failed");
    // SAFETY: pipe(2) succeeded, so both descriptors are open and owned by us.
    unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) }
}

impl Browser {
    /// Starts Chromium and opens a blank page.
    pub fn launch(exe: &Path) -> Browser {
        use std::os::fd::AsRawFd;
        let profile = tempfile::tempdir().expect("profile dir");
        let (chrome_reads, we_write) = pipe();
        let (we_read, chrome_writes) = pipe();
        let (cr, cw) = (chrome_reads.as_raw_fd(), chrome_writes.as_raw_fd());
        let mut cmd = Command::new(exe);
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--remote-debugging-pipe",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        // SAFETY: only async-signal-safe calls (dup2) between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                if libc::dup2(cr, 3) < 0 || libc::dup2(cw, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("start chromium");
        drop(chrome_reads);
        drop(chrome_writes);
        let (tx, rx) = channel();
        let reader = std::fs::File::from(we_read);
        std::thread::spawn(move || {
            let mut r = BufReader::new(reader);
            let mut buf = Vec::new();
            while let Ok(n) = r.read_until(0, &mut buf) {
                if n == 0 {
                    break;
                }
                if buf.last() == Some(&0) {
                    buf.pop();
                }
                if let Ok(v) = serde_json::from_slice::<Value>(&buf)
                    && tx.send(v).is_err()
                {
                    break;
                }
                buf.clear();
            }
        });
        let mut b = Browser {
            child,
            to_chrome: std::fs::File::from(we_write),
            from_chrome: rx,
            next_id: 0,
            session: String::new(),
            events: Vec::new(),
            _profile: profile,
        };
        let target = b.call_browser("Target.createTarget", json!({ "url": "about:blank" }));
        let target_id = target["targetId"].as_str().expect("targetId").to_owned();
        let attached = b.call_browser(
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
        );
        b.session = attached["sessionId"]
            .as_str()
            .expect("sessionId")
            .to_owned();
        for domain in [
            "Page.enable",
            "Runtime.enable",
            "Network.enable",
            "Log.enable",
        ] {
            b.call(domain, json!({}));
        }
        b.call("Page.setLifecycleEventsEnabled", json!({ "enabled": true }));
        b
    }

    fn send(&mut self, method: &str, params: Value, session: Option<String>) -> u64 {
        self.next_id += 1;
        let mut msg = json!({ "id": self.next_id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).expect("json");
        bytes.push(0);
        self.to_chrome.write_all(&bytes).expect("write to chromium");
        self.next_id
    }

    fn wait_response(&mut self, id: u64, method: &str) -> Value {
        match self.try_wait_response(id, method) {
            Ok(v) => v,
            Err(err) => panic!("{method} failed: {err}"),
        }
    }

    fn try_wait_response(&mut self, id: u64, method: &str) -> Result<Value, Value> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.from_chrome.recv_timeout(left) {
                Ok(v) if v["id"] == id => {
                    if let Some(err) = v.get("error") {
                        return Err(err.clone());
                    }
                    return Ok(v["result"].clone());
                }
                Ok(v) => self.events.push(v),
                Err(RecvTimeoutError::Timeout) => {
                    panic!("{method}: no answer from chromium in 30s")
                }
                Err(RecvTimeoutError::Disconnected) => panic!("{method}: chromium exited"),
            }
        }
    }

    fn call_browser(&mut self, method: &str, params: Value) -> Value {
        let id = self.send(method, params, None);
        self.wait_response(id, method)
    }

    /// Sends a command to the page and returns its result.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let session = Some(self.session.clone());
        let id = self.send(method, params, session);
        self.wait_response(id, method)
    }

    /// Waits for an event matching a predicate, looking at buffered events first.
    pub fn wait_event(
        &mut self,
        timeout: Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> Option<Value> {
        if let Some(e) = self.events.iter().find(|e| pred(e)) {
            return Some(e.clone());
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.from_chrome.recv_timeout(left) {
                Ok(v) => {
                    let hit = pred(&v);
                    self.events.push(v.clone());
                    if hit {
                        return Some(v);
                    }
                }
                Err(_) => return None,
            }
        }
    }

    /// Opens a URL and waits for the load event of that very navigation (matched by loader
    /// id, so a late load event of an earlier page cannot be mistaken for it).
    pub fn goto(&mut self, url: &str) {
        let nav = self.call("Page.navigate", json!({ "url": url }));
        let loader = nav["loaderId"].clone();
        self.wait_event(Duration::from_secs(30), |e| {
            e["method"] == "Page.lifecycleEvent"
                && e["params"]["name"] == "load"
                && e["params"]["loaderId"] == loader
        })
        .unwrap_or_else(|| panic!("{url} did not load"));
    }

    fn try_eval(&mut self, expr: &str) -> Result<Value, String> {
        let session = Some(self.session.clone());
        let id = self.send(
            "Runtime.evaluate",
            json!({ "expression": expr, "returnByValue": true, "awaitPromise": true }),
            session,
        );
        let r = self
            .try_wait_response(id, "Runtime.evaluate")
            .map_err(|e| e.to_string())?;
        if let Some(ex) = r.get("exceptionDetails") {
            return Err(format!("script failed: {expr}: {ex}"));
        }
        Ok(r["result"]["value"].clone())
    }

    /// Evaluates JavaScript in the page and returns its value. An evaluation that lands while
    /// a navigation commits ("inspected target navigated") is retried for a few seconds.
    pub fn eval(&mut self, expr: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match self.try_eval(expr) {
                Ok(v) => return v,
                Err(e) if Instant::now() < deadline && !e.starts_with("script failed") => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(e) => panic!("{e}"),
            }
        }
    }

    /// Polls an expression until it is truthy; errors while a page navigates count as
    /// "not yet".
    pub fn wait_for(&mut self, expr: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.try_eval(&format!("!!({expr})")) == Ok(json!(true)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    /// Types text into the focused element, as a user would.
    pub fn type_text(&mut self, text: &str) {
        self.call("Input.insertText", json!({ "text": text }));
    }

    /// Presses a key (`Enter`, `ArrowDown`, `Escape`).
    pub fn press(&mut self, key: &str) {
        let code = match key {
            "Enter" => 13,
            "Escape" => 27,
            "ArrowDown" => 40,
            "ArrowUp" => 38,
            "Tab" => 9,
            "/" => 191,
            _ => 0,
        };
        for kind in ["rawKeyDown", "keyUp"] {
            self.call(
                "Input.dispatchKeyEvent",
                json!({ "type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code }),
            );
        }
    }

    /// Sets the viewport size and colour scheme.
    pub fn emulate(&mut self, width: u32, height: u32, dark: bool) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 }),
        );
        self.call(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": if dark { "dark" } else { "light" } }] }),
        );
    }

    /// A PNG screenshot of the viewport (what a visitor sees without scrolling).
    pub fn screenshot(&mut self) -> Vec<u8> {
        use base64::Engine;
        let r = self.call(
            "Page.captureScreenshot",
            json!({ "format": "png", "captureBeyondViewport": false }),
        );
        base64::engine::general_purpose::STANDARD
            .decode(r["data"].as_str().expect("png data"))
            .expect("base64")
    }

    /// Console errors and uncaught exceptions seen so far.
    pub fn console_errors(&self) -> Vec<String> {
        self.events
            .iter()
            .filter_map(|e| match e["method"].as_str() {
                Some("Runtime.exceptionThrown") => {
                    Some(e["params"]["exceptionDetails"].to_string())
                }
                Some("Runtime.consoleAPICalled") if e["params"]["type"] == "error" => {
                    Some(e["params"]["args"].to_string())
                }
                Some("Log.entryAdded") if e["params"]["entry"]["level"] == "error" => {
                    Some(e["params"]["entry"]["text"].to_string())
                }
                _ => None,
            })
            .collect()
    }

    /// Every URL the page requested.
    pub fn requested_urls(&self) -> Vec<String> {
        self.events
            .iter()
            .filter(|e| e["method"] == "Network.requestWillBeSent")
            .filter_map(|e| e["params"]["request"]["url"].as_str().map(str::to_owned))
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
