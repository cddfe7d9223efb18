//! A small HTTP/1.1 server for `lnob serve`: GET and HEAD, keep-alive, one thread per
//! connection (up to a cap), and the event stream for live reload.
//!
//! Paths are only ever looked up in the in-memory map of the last good build: no file is
//! opened, so `..`, encoded `%2e%2e`, backslashes or symlinks cannot reach anything outside
//! the output. A path that decodes to a `.` or `..` segment, a NUL or a backslash is refused
//! with 400 before any lookup; unknown paths get the site's own 404 page with status 404.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::Arc;
use std::time::Duration;

use crate::diag::Lang;

use super::live;
use super::mime::{content_type, is_html};
use super::state::State;

/// Connections served at once; more are answered 503 and closed.
pub const MAX_CONNECTIONS: usize = 512;
/// How long an idle keep-alive connection stays open.
const IDLE: Duration = Duration::from_secs(15);
/// A comment is sent on event streams this often, so closed pages are noticed.
const PING: Duration = Duration::from_secs(10);
const MAX_LINE: u64 = 8 * 1024;
const MAX_HEADERS: usize = 100;

pub struct Config {
    /// The interface language of the server's own pages.
    pub lang: Lang,
    /// Accept only `Host: localhost / 127.x / [::1]` (against DNS rebinding) when serving on loopback.
    pub loopback_only_hosts: bool,
}

/// Accepts connections forever, each on its own thread.
pub fn serve(listener: TcpListener, state: Arc<State>, config: Arc<Config>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if open.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            let mut s = stream;
            let _ = write_simple(
                &mut s,
                503,
                "Service Unavailable",
                "too many connections\n",
                false,
                false,
            );
            continue;
        }
        open.fetch_add(1, Ordering::SeqCst);
        let (state, config, open2) = (state.clone(), config.clone(), open.clone());
        let spawned = std::thread::Builder::new()
            .name("lnob-http".into())
            .stack_size(256 * 1024)
            .spawn(move || {
                let _ = handle(stream, &state, &config);
                open2.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            open.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// One parsed request head.
#[derive(Debug, PartialEq)]
pub struct Request {
    pub method: String,
    pub target: String,
    pub keep_alive: bool,
    pub host: Option<String>,
    pub has_body: bool,
    pub if_none_match: Option<String>,
}

#[derive(Debug, PartialEq)]
pub enum ReadError {
    /// The connection closed (or timed out) between requests.
    Closed,
    Bad(&'static str),
    TooLarge,
}

/// Reads one request head; the body, if any, is not read (the connection is closed after).
pub fn read_request(r: &mut impl BufRead) -> Result<Request, ReadError> {
    let mut line = Vec::new();
    // Tolerate blank lines between pipelined requests.
    loop {
        line.clear();
        let n = read_line(r, &mut line)?;
        if n == 0 {
            return Err(ReadError::Closed);
        }
        if !trim_eol(&line).is_empty() {
            break;
        }
    }
    let first = std::str::from_utf8(trim_eol(&line))
        .map_err(|_| ReadError::Bad("request line is not UTF-8"))?
        .to_string();
    let mut parts = first.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Bad("malformed request line"));
    };
    let (method, target) = (method.to_string(), target.to_string());
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return Err(ReadError::Bad("unsupported HTTP version")),
    };
    let mut keep_alive = http11;
    let mut host = None;
    let mut has_body = false;
    let mut if_none_match = None;
    for _ in 0..=MAX_HEADERS {
        line.clear();
        if read_line(r, &mut line)? == 0 {
            return Err(ReadError::Bad("connection closed inside the request head"));
        }
        let l = trim_eol(&line);
        if l.is_empty() {
            return Ok(Request {
                method,
                target,
                keep_alive,
                host,
                has_body,
                if_none_match,
            });
        }
        let l = std::str::from_utf8(l).map_err(|_| ReadError::Bad("header is not UTF-8"))?;
        let Some((name, value)) = l.split_once(':') else {
            return Err(ReadError::Bad("malformed header"));
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "connection" => {
                let v = value.to_ascii_lowercase();
                if v.split(',').any(|t| t.trim() == "close") {
                    keep_alive = false;
                } else if v.split(',').any(|t| t.trim() == "keep-alive") {
                    keep_alive = true;
                }
            }
            "host" => host = Some(value.to_string()),
            "if-none-match" => if_none_match = Some(value.to_string()),
            "content-length" => has_body |= value != "0",
            "transfer-encoding" => has_body = true,
            _ => {}
        }
    }
    Err(ReadError::TooLarge)
}

fn read_line(r: &mut impl BufRead, buf: &mut Vec<u8>) -> Result<usize, ReadError> {
    // A read error (the idle timeout included) ends the connection.
    let n = (&mut *r)
        .take(MAX_LINE + 1)
        .read_until(b'\n', buf)
        .map_err(|_| ReadError::Closed)?;
    if n as u64 > MAX_LINE {
        return Err(ReadError::TooLarge);
    }
    Ok(n)
}

fn trim_eol(l: &[u8]) -> &[u8] {
    let l = l.strip_suffix(b"\n").unwrap_or(l);
    l.strip_suffix(b"\r").unwrap_or(l)
}

/// Decodes a request target into an output path, refusing anything that could climb out.
pub fn output_path(target: &str) -> Result<String, &'static str> {
    if !target.starts_with('/') {
        return Err("the request target must be a path starting with /");
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path).ok_or("bad percent-encoding")?;
    let decoded = String::from_utf8(decoded).map_err(|_| "the path is not UTF-8")?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return Err("the path holds a NUL or a backslash");
    }
    if decoded.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err("the path holds a `.` or `..` segment");
    }
    Ok(decoded.trim_start_matches('/').to_string())
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |c: u8| (c as char).to_digit(16);
            let (h, l) = (hex(*b.get(i + 1)?)?, hex(*b.get(i + 2)?)?);
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Whether a `Host` header names this machine.
fn is_local_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map(|(h, _)| h).unwrap_or(host)
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn handle(stream: TcpStream, state: &State, config: &Config) -> io::Result<()> {
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let req = match read_request(&mut reader) {
            Ok(r) => r,
            Err(ReadError::Closed) => return Ok(()),
            Err(ReadError::Bad(why)) => {
                return write_simple(
                    &mut writer,
                    400,
                    "Bad Request",
                    &format!("{why}\n"),
                    false,
                    false,
                )
            }
            Err(ReadError::TooLarge) => {
                return write_simple(
                    &mut writer,
                    431,
                    "Request Header Fields Too Large",
                    "request head too large\n",
                    false,
                    false,
                )
            }
        };
        let keep = req.keep_alive && !req.has_body;
        let head = req.method == "HEAD";
        if req.method != "GET" && !head {
            write_response(
                &mut writer,
                405,
                "Method Not Allowed",
                "text/plain; charset=utf-8",
                b"only GET and HEAD\n",
                false,
                false,
                &[("Allow", "GET, HEAD")],
            )?;
            return Ok(());
        }
        if config.loopback_only_hosts && req.host.as_deref().is_some_and(|h| !is_local_host(h)) {
            write_simple(
                &mut writer,
                403,
                "Forbidden",
                "lnob serve answers only to localhost\n",
                head,
                keep,
            )?;
            if !keep {
                return Ok(());
            }
            continue;
        }
        let path = match output_path(&req.target) {
            Ok(p) => p,
            Err(why) => {
                return write_simple(
                    &mut writer,
                    400,
                    "Bad Request",
                    &format!("{why}\n"),
                    head,
                    false,
                )
            }
        };
        let own = match path.as_str() {
            "__lnob/events" => return events(writer, state),
            "__lnob/live.js" => Some(live::LIVE_JS),
            "__lnob/worker.js" => Some(live::WORKER_JS),
            "__lnob/live.css" => Some(live::LIVE_CSS),
            _ => None,
        };
        match own {
            // Versioned URLs (see `live::asset`): browsers may keep them.
            Some(body) => write_response(
                &mut writer,
                200,
                "OK",
                content_type(&path),
                body.as_bytes(),
                head,
                keep,
                &[("Cache-Control", "max-age=86400")],
            )?,
            None => page(&mut writer, state, config, &req, &path, keep)?,
        }
        if !keep {
            return Ok(());
        }
    }
}

fn page(
    w: &mut TcpStream,
    state: &State,
    config: &Config,
    req: &Request,
    path: &str,
    keep: bool,
) -> io::Result<()> {
    let (target, head) = (req.target.as_str(), req.method == "HEAD");
    let snap = state.snapshot();
    let problems = state.problems();
    if snap.build == 0 {
        // No good build yet: every page is the problem list (or a wait notice).
        return match &problems {
            Some(p) => write_response(
                w,
                500,
                "Internal Server Error",
                "text/html; charset=utf-8",
                &live::error_page(p, &state.server, config.lang),
                head,
                keep,
                &[],
            ),
            None => write_simple(w, 503, "Service Unavailable", "building…\n", head, keep),
        };
    }
    let key = crate::urls::file_for(path);
    // A link-preview card is drawn the first time it is asked for (and kept, see
    // `social::remember_cards`).
    let drawn: Option<Arc<[u8]>>;
    let found = match snap.files.get(key.as_str()) {
        Some(bytes) => Some(bytes),
        None => {
            drawn = snap
                .cards
                .get(key.as_str())
                .map(|c| Arc::from(crate::render::social::png(c)));
            drawn.as_ref()
        }
    };
    if let Some(bytes) = found {
        let ct = content_type(&key);
        if is_html(&key) {
            return write_response(
                w,
                200,
                "OK",
                ct,
                &live::inject(bytes, &state.server, snap.build, problems.as_deref()),
                head,
                keep,
                &[],
            );
        }
        // Other files may be kept by the browser if it asks whether they changed.
        let tag = etag(bytes);
        let extra = [("ETag", tag.as_str()), ("Cache-Control", "no-cache")];
        if req
            .if_none_match
            .as_deref()
            .is_some_and(|m| m.split(',').any(|t| t.trim() == tag || t.trim() == "*"))
        {
            return write_response(w, 304, "Not Modified", ct, bytes, true, keep, &extra);
        }
        return write_response(w, 200, "OK", ct, bytes, head, keep, &extra);
    }
    if !path.is_empty()
        && !path.ends_with('/')
        && snap
            .files
            .contains_key(format!("{path}/index.html").as_str())
    {
        let (p, q) = match target.split_once('?') {
            Some((p, q)) => (p, format!("?{q}")),
            None => (target, String::new()),
        };
        let location = format!("{p}/{q}");
        return write_response(
            w,
            301,
            "Moved Permanently",
            "text/plain; charset=utf-8",
            b"moved\n",
            head,
            keep,
            &[("Location", &location)],
        );
    }
    match snap.files.get("404.html") {
        Some(bytes) => write_response(
            w,
            404,
            "Not Found",
            "text/html; charset=utf-8",
            &live::inject(bytes, &state.server, snap.build, problems.as_deref()),
            head,
            keep,
            &[],
        ),
        None => write_simple(w, 404, "Not Found", "not found\n", head, keep),
    }
}

/// A strong validator of a file's bytes.
fn etag(bytes: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    format!("\"{:016x}-{:x}\"", h.finish(), bytes.len())
}

/// The event stream: the current state at once, then every change, with pings in between.
fn events(mut w: TcpStream, state: &State) -> io::Result<()> {
    let rx = state.hub.subscribe();
    w.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Accel-Buffering: no\r\nConnection: close\r\n\r\nretry: 1000\n\n")?;
    w.write_all(live::event(&state.message()).as_bytes())?;
    w.flush()?;
    loop {
        match rx.recv_timeout(PING) {
            Ok(msg) => w.write_all(live::event(&msg).as_bytes())?,
            Err(RecvTimeoutError::Timeout) => w.write_all(b": ping\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        w.flush()?;
    }
}

fn write_simple(
    w: &mut TcpStream,
    code: u16,
    reason: &str,
    text: &str,
    head: bool,
    keep: bool,
) -> io::Result<()> {
    write_response(
        w,
        code,
        reason,
        "text/plain; charset=utf-8",
        text.as_bytes(),
        head,
        keep,
        &[],
    )
}

#[allow(clippy::too_many_arguments)]
fn write_response(
    w: &mut impl Write,
    code: u16,
    reason: &str,
    ct: &str,
    body: &[u8],
    head: bool,
    keep: bool,
    extra: &[(&str, &str)],
) -> io::Result<()> {
    // Pages are never kept by the browser (they change with every build); serve's own files
    // and site files with an ETag say otherwise in `extra`.
    let cache = extra
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("cache-control"))
        .map(|(_, v)| *v)
        .unwrap_or("no-store");
    let mut h = format!(
        "HTTP/1.1 {code} {reason}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nCache-Control: {cache}\r\nX-Content-Type-Options: nosniff\r\nServer: lnob\r\nConnection: {}\r\n",
        body.len(),
        if keep { "keep-alive" } else { "close" }
    );
    for (k, v) in extra
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("cache-control"))
    {
        h.push_str(&format!("{k}: {v}\r\n"));
    }
    h.push_str("\r\n");
    if head || body.is_empty() {
        w.write_all(h.as_bytes())?;
    } else {
        let mut all = Vec::with_capacity(h.len() + body.len());
        all.extend_from_slice(h.as_bytes());
        all.extend_from_slice(body);
        w.write_all(&all)?;
    }
    w.flush()
}

/// Binds the listener: `port` 0 picks a free one.
pub fn bind(addr: IpAddr, port: u16) -> io::Result<(TcpListener, SocketAddr)> {
    let l = TcpListener::bind(SocketAddr::new(addr, port))?;
    let a = l.local_addr()?;
    Ok((l, a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_climb_out_however_encoded() {
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/..%2fCargo.toml",
            "/a/%2E%2E/%2E%2E/x",
            "/a/./b",
            "/..\\x",
            "/a%5c..%5cb",
            "/a%00b",
            "*",
            "http://x/a",
            "/%zz",
        ] {
            assert!(output_path(bad).is_err(), "{bad}");
        }
        // Decoded once only: `%252e` is the literal text `%2e`, looked up (and not found) as such.
        assert_eq!(output_path("/%252e%252e/x").unwrap(), "%2e%2e/x");
        assert_eq!(output_path("/").unwrap(), "");
        assert_eq!(output_path("/cau-chuyen/?q=1#x").unwrap(), "cau-chuyen/");
        assert_eq!(output_path("/d%C3%A2n/a..b.txt").unwrap(), "dân/a..b.txt");
    }

    #[test]
    fn reads_request_heads_with_keep_alive_rules() {
        let mut r = io::Cursor::new(
            b"GET /a HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\nGET /b HTTP/1.0\r\n\r\n".to_vec(),
        );
        let a = read_request(&mut r).unwrap();
        assert_eq!(
            (
                a.method.as_str(),
                a.target.as_str(),
                a.keep_alive,
                a.host.as_deref()
            ),
            ("GET", "/a", true, Some("127.0.0.1:1"))
        );
        let b = read_request(&mut r).unwrap();
        assert_eq!((b.target.as_str(), b.keep_alive), ("/b", false));
        assert_eq!(read_request(&mut r), Err(ReadError::Closed));
        let mut r = io::Cursor::new(b"GET /a HTTP/1.1\r\nConnection: close\r\n\r\n".to_vec());
        assert!(!read_request(&mut r).unwrap().keep_alive);
        let mut r = io::Cursor::new(b"GET /a\r\n\r\n".to_vec());
        assert!(matches!(read_request(&mut r), Err(ReadError::Bad(_))));
        let mut long = b"GET /".to_vec();
        long.extend(std::iter::repeat_n(b'a', 10_000));
        long.extend(b" HTTP/1.1\r\n\r\n");
        assert_eq!(
            read_request(&mut io::Cursor::new(long)),
            Err(ReadError::TooLarge)
        );
    }

    #[test]
    fn knows_local_host_names() {
        for ok in [
            "localhost",
            "localhost:1111",
            "127.0.0.1:80",
            "[::1]:1111",
            "127.1.2.3",
        ] {
            assert!(is_local_host(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "192.168.1.2:80",
            "[fe80::1]:1",
        ] {
            assert!(!is_local_host(bad), "{bad}");
        }
    }
}
