//! A scripted stand-in for Entra ID on 127.0.0.1 (plain HTTP, one request per connection).
//! Each endpoint gets a list of replies used in order; the last one repeats. Every request
//! is recorded with its arrival time so tests can check bodies, headers and pacing.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Which endpoint a request hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    DeviceCode,
    Token,
    Begin,
    Poll,
    Other,
}

/// One scripted answer.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Status and JSON body.
    Json(u16, String),
    /// Status, content type and body.
    Raw(u16, &'static str, String),
    /// Read the request, then say nothing for this long and close.
    Hang(Duration),
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub route: Route,
    pub method: String,
    pub path: String,
    /// The raw query string (still percent-encoded), without `?`.
    pub query: String,
    /// Lower-cased header names.
    pub headers: HashMap<String, String>,
    pub body: String,
    pub at: Instant,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
    /// The body as decoded form fields, in order.
    pub fn form(&self) -> Vec<(String, String)> {
        self.body
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (form_decode(k), form_decode(v))
            })
            .collect()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("request body is JSON")
    }
}

#[derive(Default)]
struct State {
    scripts: HashMap<Route, Vec<Reply>>,
    served: HashMap<Route, usize>,
    requests: Vec<Recorded>,
}

/// The running fake. Dropping it leaves the listener thread parked on `accept`; tests are
/// short-lived processes, so that is fine.
pub struct FakeEntra {
    pub url: String,
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl FakeEntra {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let shared = shared.clone();
                thread::spawn(move || serve(stream, &shared));
            }
        });
        Self {
            url: format!("http://127.0.0.1:{port}"),
            port,
            state,
        }
    }

    /// Sets the replies for `route` (used in order, the last repeats).
    pub fn script(&self, route: Route, replies: Vec<Reply>) -> &Self {
        self.state.lock().unwrap().scripts.insert(route, replies);
        self
    }

    /// The usual happy path: a code with `interval` 1, one pending poll, a DRS token,
    /// a begin that starts a flow, one in-progress poll, then success with `bprt`.
    pub fn happy(bprt: &str) -> Self {
        let f = Self::start();
        f.script(Route::DeviceCode, vec![device_code(1, 900)])
            .script(
                Route::Token,
                vec![
                    oauth_error(400, "authorization_pending", ""),
                    access_token_reply(),
                ],
            )
            .script(Route::Begin, vec![begin_started("flow-1")])
            .script(
                Route::Poll,
                vec![flow_state("InProgress"), poll_success(bprt)],
            );
        f
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().requests.clone()
    }

    pub fn requests_to(&self, route: Route) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.route == route)
            .collect()
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() || !request_line.ends_with("HTTP/1.1\r\n") {
        // Not HTTP (e.g. a TLS ClientHello): answer in plain text and hang up.
        let _ = writer.write_all(
            b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        return;
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.trim_end().split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    let _ = reader.read_exact(&mut body);
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (target.clone(), String::new()),
    };
    let route = if path.ends_with("/oauth2/v2.0/devicecode") {
        Route::DeviceCode
    } else if path.ends_with("/oauth2/v2.0/token") {
        Route::Token
    } else if path == "/webapp/bulkaadjtoken/begin" {
        Route::Begin
    } else if path == "/webapp/bulkaadjtoken/poll" {
        Route::Poll
    } else {
        Route::Other
    };
    let reply = {
        let mut s = state.lock().unwrap();
        s.requests.push(Recorded {
            route,
            method,
            path,
            query,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
            at: Instant::now(),
        });
        let n = *s.served.get(&route).unwrap_or(&0);
        s.served.insert(route, n + 1);
        match s.scripts.get(&route) {
            Some(list) if !list.is_empty() => list[n.min(list.len() - 1)].clone(),
            _ => Reply::Json(404, r#"{"error":"not_found"}"#.into()),
        }
    };
    let (status, ctype, body) = match reply {
        Reply::Json(status, body) => (status, "application/json; charset=utf-8", body),
        Reply::Raw(status, ctype, body) => (status, ctype, body),
        Reply::Hang(d) => {
            thread::sleep(d);
            return;
        }
    };
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = writer.write_all(head.as_bytes());
    let _ = writer.write_all(body.as_bytes());
    let _ = writer.flush();
}

fn form_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).expect("valid percent escape"));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

// ---- reply builders ----

pub const ACCESS_UPN: &str = "admin@contoso.onmicrosoft.com";
pub const TENANT_ID: &str = "11111111-2222-3333-4444-555555555555";
pub const DEVICE_CODE: &str = "DAQABAAEAAAD-device-code-secret";
pub const USER_CODE: &str = "FAKE-CODE";
pub const PACKAGE_ACCOUNT: &str = "package_7d6c1b9e@contoso.onmicrosoft.com";

/// A JWT with the given payload and a dummy signature.
pub fn jwt(payload: &serde_json::Value) -> String {
    format!(
        "{}.{}.c2lnbmF0dXJl",
        URL_SAFE_NO_PAD.encode(r#"{"typ":"JWT","alg":"RS256"}"#),
        URL_SAFE_NO_PAD.encode(payload.to_string())
    )
}

/// The access token the fake issues (audience = DRS).
pub fn access_token() -> String {
    jwt(&serde_json::json!({
        "aud": "urn:ms-drs:enterpriseregistration.windows.net",
        "upn": ACCESS_UPN,
        "tid": TENANT_ID,
        "amr": ["pwd", "mfa"],
    }))
}

pub fn device_code(interval: u64, expires_in: u64) -> Reply {
    Reply::Json(
        200,
        serde_json::json!({
            "device_code": DEVICE_CODE,
            "user_code": USER_CODE,
            "verification_uri": "https://microsoft.com/devicelogin",
            "expires_in": expires_in,
            "interval": interval,
            "message": format!("To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code {USER_CODE} to authenticate."),
        })
        .to_string(),
    )
}

pub fn oauth_error(status: u16, error: &str, description: &str) -> Reply {
    Reply::Json(
        status,
        serde_json::json!({
            "error": error,
            "error_description": description,
            "error_codes": [],
            "trace_id": "t",
        })
        .to_string(),
    )
}

pub fn access_token_with(token: &str) -> Reply {
    Reply::Json(
        200,
        serde_json::json!({
            "token_type": "Bearer",
            "scope": "urn:ms-drs:enterpriseregistration.windows.net/.default",
            "expires_in": 3599,
            "access_token": token,
        })
        .to_string(),
    )
}

pub fn access_token_reply() -> Reply {
    access_token_with(&access_token())
}

pub fn begin_started(flow_token: &str) -> Reply {
    Reply::Json(
        200,
        serde_json::json!({"flowToken": flow_token, "state": "Started", "resultData": null})
            .to_string(),
    )
}

pub fn flow_state(state: &str) -> Reply {
    Reply::Json(
        200,
        serde_json::json!({"flowToken": "x", "state": state, "resultData": null}).to_string(),
    )
}

/// `CompleteError` with `resultData` as a JSON **string**, as the service sends it.
pub fn complete_error(error: &str, description: &str) -> Reply {
    let inner = serde_json::json!({"error": error, "error_description": description}).to_string();
    Reply::Json(
        200,
        serde_json::json!({"flowToken": "x", "state": "CompleteError", "resultData": inner})
            .to_string(),
    )
}

pub fn poll_success(bprt: &str) -> Reply {
    let id_token = jwt(&serde_json::json!({"upn": PACKAGE_ACCOUNT, "tid": TENANT_ID}));
    let inner = serde_json::json!({
        "token_type": "Bearer",
        "expires_in": "599",
        "expires_on": "1700000000",
        "refresh_token": bprt,
        "refresh_token_expires_in": 2592000,
        "id_token": id_token,
    })
    .to_string();
    Reply::Json(
        200,
        serde_json::json!({"flowToken": "x", "state": "CompleteSuccess", "resultData": inner})
            .to_string(),
    )
}
