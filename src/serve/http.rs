//! Answering requests: the trust center at `/`, the docs site at `/docs/`, and the live-reload
//! channel under `/__trustbook/`. Paths are decoded once and refused if they could leave the
//! build folder.

use super::Shared;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// A file of the build, relative to the build folder.
    File(PathBuf),
    /// The Server-Sent Events stream.
    Events,
    /// The reload script.
    Script,
    /// The build status as JSON.
    Status,
    /// A path that could leave the build folder, or is not a path at all.
    Refused,
}

/// Maps a request URL to a route: `/x` is `trust/x`, `/docs/x` is `docs/x`, a folder is its
/// `index.html`. `..`, backslashes and NUL, written plainly or percent-encoded, are refused.
pub fn route(url: &str) -> Route {
    let path = url.split(['?', '#']).next().unwrap_or("");
    match path {
        "/__trustbook/events" => return Route::Events,
        "/__trustbook/reload.js" => return Route::Script,
        "/__trustbook/status" => return Route::Status,
        _ => {}
    }
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return Route::Refused;
    };
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return Route::Refused;
    }
    let parts: Vec<&str> = decoded.split('/').filter(|p| !p.is_empty()).collect();
    if parts.iter().any(|p| *p == ".." || *p == ".") {
        return Route::Refused;
    }
    let (site, rest) = match parts.split_first() {
        Some((&"docs", rest)) => ("docs", rest),
        _ => ("trust", &parts[..]),
    };
    let mut rel = PathBuf::from(site);
    for p in rest {
        rel.push(p);
    }
    if decoded.ends_with('/') || rest.is_empty() || !rest.last().is_some_and(|l| l.contains('.')) {
        rel.push("index.html");
    }
    Route::File(rel)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Adds the reload script to a page, and `connect-src 'self'` to its Content-Security-Policy
/// so the script may open the event stream. Only served pages change; the published CSP
/// stays strict.
pub fn inject(html: &str) -> String {
    let html = html.replacen(
        "default-src 'none';",
        "default-src 'none'; connect-src 'self';",
        1,
    );
    let tag = "<script src=\"/__trustbook/reload.js\" defer></script>\n";
    match html.find("</head>") {
        Some(i) => format!("{}{tag}{}", &html[..i], &html[i..]),
        None => format!("{html}{tag}"),
    }
}

/// The longest request head read (browsers send well under this).
const MAX_HEAD: usize = 16 * 1024;

/// Reads a request head; `None` for anything that is not one.
fn read_head(stream: &mut TcpStream) -> Option<(String, String)> {
    let mut head = Vec::with_capacity(1024);
    let mut byte = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut byte).ok()?;
        if n == 0 || head.len() + n > MAX_HEAD {
            return None;
        }
        head.extend_from_slice(&byte[..n]);
    }
    let text = String::from_utf8_lossy(&head);
    let mut first = text.lines().next()?.split_whitespace();
    let (method, target) = (first.next()?.to_owned(), first.next()?.to_owned());
    Some((method, target))
}

/// Writes a whole response and closes the connection cleanly (our side first, then whatever
/// the client still sends is read, so the close never resets data the client has not read).
fn respond(mut stream: TcpStream, code: u16, kind: &str, body: &[u8], head_only: bool) {
    let reason = match code {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };
    let head = format!(
        "HTTP/1.1 {code} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let written = stream
        .write_all(head.as_bytes())
        .and_then(|()| {
            if head_only {
                Ok(())
            } else {
                stream.write_all(body)
            }
        })
        .and_then(|()| stream.flush());
    if written.is_ok() {
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
        let mut sink = [0u8; 1024];
        while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
    }
}

/// Answers one connection, on its own thread (the event stream keeps it until the browser
/// goes).
pub fn answer(shared: &Arc<Shared>, mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some((method, target)) = read_head(&mut stream) else {
        return respond(stream, 400, "text/plain", b"bad request", false);
    };
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return respond(stream, 405, "text/plain", b"only GET and HEAD", false);
    }
    match route(&target) {
        Route::Refused => respond(
            stream,
            400,
            "text/plain; charset=utf-8",
            b"refused: the path leaves the site",
            head_only,
        ),
        Route::Script => respond(
            stream,
            200,
            "text/javascript; charset=utf-8",
            include_str!("reload.js").as_bytes(),
            head_only,
        ),
        Route::Status => respond(
            stream,
            200,
            "application/json",
            shared.status_json().as_bytes(),
            head_only,
        ),
        Route::Events => events(shared, stream),
        Route::File(rel) => {
            let path = shared.site.join(&rel);
            let (code, path) = if path.is_file() {
                (200, path)
            } else {
                (404, shared.site.join("trust").join("404.html"))
            };
            let Ok(bytes) = std::fs::read(&path) else {
                return respond(stream, 404, "text/plain", b"not found", head_only);
            };
            if path.extension().is_some_and(|e| e == "html") {
                let html = inject(&String::from_utf8_lossy(&bytes));
                respond(
                    stream,
                    code,
                    content_type(&path),
                    html.as_bytes(),
                    head_only,
                );
            } else {
                respond(stream, code, content_type(&path), &bytes, head_only);
            }
        }
    }
}

/// The event stream: the status now, then after every build; a comment every 15 s keeps
/// proxies from closing it.
fn events(shared: &Arc<Shared>, mut w: TcpStream) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if w.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut seen = u64::MAX;
    loop {
        let (seq, json) = shared.wait_change(seen, Duration::from_secs(15));
        let message = if seq == seen {
            ": ping\n\n".to_owned()
        } else {
            format!("event: status\ndata: {json}\n\n")
        };
        seen = seq;
        if w.write_all(message.as_bytes())
            .and_then(|()| w.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_stay_in_the_build() {
        assert_eq!(route("/"), Route::File("trust/index.html".into()));
        assert_eq!(route("/docs/"), Route::File("docs/index.html".into()));
        assert_eq!(route("/docs"), Route::File("docs/index.html".into()));
        assert_eq!(
            route("/policies/a.html?x=1"),
            Route::File("trust/policies/a.html".into())
        );
        assert_eq!(
            route("/controls"),
            Route::File("trust/controls/index.html".into())
        );
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/x",
            "/docs/%2E%2E/%2e%2e/x",
            "/a%5cb",
            "/a%00",
            "x",
        ] {
            assert_eq!(route(bad), Route::Refused, "{bad}");
        }
    }

    #[test]
    fn injection_allows_the_stream_and_adds_the_script() {
        let page = "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'\"></head>";
        let out = inject(page);
        assert!(out.contains("default-src 'none'; connect-src 'self';"));
        assert!(out.contains("/__trustbook/reload.js\" defer></script>\n</head>"));
    }
}
