//! Answering requests: the trust center at `/`, the docs site at `/docs/`, and the live-reload
//! channel under `/__trustbook/`. Paths are decoded once and refused if they could leave the
//! build folder.

use super::Shared;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Request, Response, StatusCode};

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

fn header(k: &str, v: &str) -> Header {
    Header::from_bytes(k.as_bytes(), v.as_bytes())
        .unwrap_or_else(|_| Header::from_bytes(&b"X-Trustbook"[..], &b"1"[..]).expect("valid"))
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

/// Answers one request (the event stream keeps its thread until the browser goes).
pub fn answer(shared: &Arc<Shared>, request: Request) {
    let url = request.url().to_owned();
    let result = match route(&url) {
        Route::Refused => request.respond(
            Response::from_string("refused: the path leaves the site").with_status_code(400),
        ),
        Route::Script => request.respond(
            Response::from_string(include_str!("reload.js"))
                .with_header(header("Content-Type", "text/javascript; charset=utf-8")),
        ),
        Route::Status => request.respond(
            Response::from_string(shared.status_json())
                .with_header(header("Content-Type", "application/json"))
                .with_header(header("Cache-Control", "no-store")),
        ),
        Route::Events => {
            events(shared, request);
            Ok(())
        }
        Route::File(rel) => file(shared, request, &rel),
    };
    // A browser that went away mid-answer is not an error worth reporting.
    let _ = result;
}

fn file(shared: &Arc<Shared>, request: Request, rel: &Path) -> std::io::Result<()> {
    let path = shared.site.join(rel);
    let (status, path) = if path.is_file() {
        (200, path)
    } else {
        (404, shared.site.join("trust").join("404.html"))
    };
    let Ok(bytes) = std::fs::read(&path) else {
        return request.respond(Response::from_string("not found").with_status_code(404));
    };
    let no_store = header("Cache-Control", "no-store");
    if path.extension().is_some_and(|e| e == "html") {
        let html = inject(&String::from_utf8_lossy(&bytes));
        return request.respond(
            Response::from_string(html)
                .with_status_code(StatusCode(status))
                .with_header(header("Content-Type", content_type(&path)))
                .with_header(no_store),
        );
    }
    request.respond(
        Response::from_data(bytes)
            .with_status_code(StatusCode(status))
            .with_header(header("Content-Type", content_type(&path)))
            .with_header(no_store),
    )
}

/// The event stream: the status now, then after every build; a comment every 15 s keeps
/// proxies from closing it.
fn events(shared: &Arc<Shared>, request: Request) {
    let shared = Arc::clone(shared);
    std::thread::spawn(move || {
        let mut w = request.into_writer();
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
    });
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
